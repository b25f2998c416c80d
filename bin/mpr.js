#!/usr/bin/env node
// The `mpr` command. npm runs it with the project's own Node 24 (node_modules/.bin comes first on
// PATH), which loads the TypeScript sources directly.
import '../cli/main.ts';
