#!/usr/bin/env node
// The `mpr` command. npm runs it with the project's own Node 24 (node_modules/.bin comes first on
// PATH), which loads the TypeScript sources directly.
import { enableCompileCache } from 'node:module';

// Each command is a new process that loads the same AWS SDK modules: with V8's compiled code kept
// on disk (NODE_COMPILE_CACHE, or Node's default folder under the system's temporary directory),
// the second and later commands start in about half the time.
enableCompileCache();
await import('../cli/main.ts');
