/**
 * Runs before each file of the `system` project (vitest.config.ts). Those files share a process
 * per worker, so that the packages they load (the AWS SDK, the stand-ins, zod) are loaded once
 * per worker, not once per file; but each file gets the project's own modules afresh, as in a
 * process of its own: a handler reads its environment and builds its SDK clients once, when
 * first loaded, and must do so again against each file's engine.
 */
import { vi } from 'vitest';

vi.resetModules();
