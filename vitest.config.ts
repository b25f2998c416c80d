import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// V8's compiled code of every module Node loads (the AWS SDK, the stand-ins, the CLI a test
// spawns) kept on disk and reused by the next process: each test file runs in a fresh fork and
// many spawn `mpr`, so most of the suite's start-up parsing is the same work done again. Set
// here, it reaches every fork and every process they spawn. (bin/mpr.js keeps the same cache for
// people.)
process.env['NODE_COMPILE_CACHE'] ??= join(import.meta.dirname, 'node_modules', '.cache', 'node-compile-cache');

const infra = 'test/infra/**/*.test.ts';
const unit = 'test/unit/**/*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The engine tests bind real ports and the infra tests bundle with esbuild: run files
    // in separate forks so one slow file never starves another of its timeouts.
    pool: 'forks',
    // Two files at once on the two-core machines this runs on (vitest's default leaves one core
    // idle): the engine files spend much of their time waiting on timers and back-off.
    maxWorkers: 2,
    projects: [
      // The engine, CLI and browser files share a process per worker, so that the packages they
      // load (the AWS SDK, the stand-ins) are loaded once per worker, about a second of CPU per
      // file; each file still gets the project's own modules afresh (test/support/fresh-modules.ts),
      // and each engine leaves the process as it found it (its variables, the SES outbox).
      {
        extends: true,
        test: { name: 'system', include: ['test/**/*.test.ts'], exclude: [infra, unit], isolate: false, setupFiles: ['test/support/fresh-modules.ts'] },
      },
      // The unit files test the pure core, with no engine and nothing spawned: they share a
      // process too, so that the core's modules and zod are loaded once, not thirty times.
      { extends: true, test: { name: 'unit', include: [unit], isolate: false } },
      // The infra files only synthesize the app: they share a process, so that aws-cdk-lib is
      // loaded and the default stack synthesized once (test/infra/support.ts, sharedStack)
      // rather than once per file, about 8 s of CPU each.
      { extends: true, test: { name: 'infra', include: [infra], isolate: false } },
    ],
  },
});
