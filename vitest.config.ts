import { defineConfig } from 'vitest/config';

/** Specs that run the built CLI (dist/): they need the build of the global setup and a process each. */
const CLI_SPECS = ['test/e2e/**/*.spec.ts', 'test/deploy/docker.spec.ts', 'test/deploy/tripline-job.spec.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Twice the 2 cores: most e2e specs spend their time waiting for a cron slot, a failover or a
    // confirmation, not computing, so with one worker per core the cores sat ~40% idle. (Projects in one
    // run share the worker count: vitest refuses different counts without ordering them one after the other.)
    maxWorkers: 4,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.spec.ts'],
          exclude: CLI_SPECS,
          // In-process specs share one module graph per worker thread: zod, undici, pino and our own
          // modules load once per worker instead of once per file (that import was half the unit time).
          // Specs restore what they change (fake timers, dispatchers), so nothing leaks between files.
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'cli',
          include: CLI_SPECS,
          // Only these need dist/: the build runs before them, not before a unit spec.
          globalSetup: ['test/support/global-setup.ts'],
          pool: 'forks',
        },
      },
    ],
  },
});
