import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The engine tests bind real ports and the infra tests bundle with esbuild: run files
    // in separate forks so one slow file never starves another of its timeouts.
    pool: 'forks',
    // Two files at once on the two-core machines this runs on (vitest's default leaves one core
    // idle): the engine files spend much of their time waiting on timers and back-off.
    maxWorkers: 2,
  },
});
