import { defineConfig } from 'vitest/config';

/**
 * Tests mirror src/. Under CI a JSON report is also written so that `.ci/run` can print the
 * `N passed, N failed` line the CI reads.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: process.env.FAULTLINE_TEST_JSON ? ['default', 'json'] : ['default'],
    outputFile: process.env.FAULTLINE_TEST_JSON ? { json: process.env.FAULTLINE_TEST_JSON } : undefined,
  },
});
