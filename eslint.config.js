import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * ESLint's settings for Faultline (`npm run lint`; test/lint/lint.test.ts runs the same in `npm test`).
 *
 * ESLint's and typescript-eslint's recommended rules, without type information: the type-aware
 * set took 21 s and 1 GB on this 2-core machine against 6 s without, and `tsc --noEmit`
 * (test/setup/typecheck.test.ts) already checks the types. Formatting is Prettier's
 * (.prettierrc.json); neither rule set here has formatting rules that could disagree with it.
 */
export default defineConfig(
  { ignores: ['node_modules/', 'reports/', 'types/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `let progress` assigned once, after closures that read it were made (they run later):
      // `const` would put the closures before the declaration's initialisation.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // `const { peril, ...rest } = row` names the fields it leaves out of `rest`.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // vitest reads a hook's first parameter for fixtures and requires it to be a destructuring
      // pattern: `beforeAll(({}, suite) => …)` is how a hook that needs no fixture reaches the suite.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
  {
    // AS 241's coefficients as Wichura published them (20 digits), so they can be checked against
    // the paper; each parses to its nearest double, so shortening them would change no number.
    files: ['src/random/inverse-normal-cdf.ts'],
    rules: { 'no-loss-of-precision': 'off' },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests damage typed data on purpose (a NaN premium, a string where a number goes) through
      // `Record<string, any>`, which no narrower type allows.
      '@typescript-eslint/no-explicit-any': 'off',
      // Tests of the terminal output match its escape sequences (`\x1b[K`) on purpose.
      'no-control-regex': 'off',
    },
  },
);
