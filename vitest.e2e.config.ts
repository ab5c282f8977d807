import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from './vitest.config.ts';

/**
 * `npm run test:e2e`: the slow end-to-end set, test/e2e/ (the README's commands on a fresh clone,
 * with its own `npm install`). `.ci/run` runs it after `npm test` and counts both.
 */
export default defineConfig({ test: { ...sharedTestOptions, include: ['test/e2e/**/*.test.ts'] } });
