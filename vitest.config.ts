import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * What every test run shares. test/setup/provision.ts provisions Chromium and Redis for the test
 * files that need them (installing Debian's packages with apt-get when it can) and starts the
 * run's one redis-server. With FAULTLINE_TEST_JSON a JSON report is also written there, so that
 * `.ci/run` can print the `N passed, N failed` line the CI reads.
 */
export const sharedTestOptions = {
  // One test file more than there are cores (3 on a 2-core machine, where vitest's default is 1):
  // most CLI tests wait on worker threads, child processes or Redis, and one more keeps the cores busy.
  maxWorkers: availableParallelism() + 1,
  globalSetup: ['test/setup/provision.ts'],
  setupFiles: ['test/setup/buffer-equality.ts'],
  // The files of a worker share loaded modules: the CLI's graph (zod, vega, rxjs…) is imported
  // once per worker instead of once per file, 19 s of import in all instead of 92 s. A file that
  // mocks a module calls vi.resetModules() before importing the CLI.
  isolate: false,
  // A guard against a hang, not a speed check: no test or hook comes near 15 minutes however
  // loaded the machine (speed is measured by `npm run bench`, never asserted).
  testTimeout: 900_000,
  hookTimeout: 900_000,
  reporters: process.env.FAULTLINE_TEST_JSON ? ['default', 'json'] : ['default'],
  outputFile: process.env.FAULTLINE_TEST_JSON ? { json: process.env.FAULTLINE_TEST_JSON } : undefined,
};

/** `npm test`: the tests, which mirror src/; the slow end-to-end set, test/e2e/, is `npm run test:e2e` (vitest.e2e.config.ts). */
export default defineConfig({
  test: { ...sharedTestOptions, include: ['test/**/*.test.ts'], exclude: ['test/e2e/**', '**/node_modules/**'] },
});
