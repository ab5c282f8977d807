import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';
import { expect, it } from 'vitest';

/**
 * `npm run lint` and Prettier's check as tests of `npm test`, over the project's own sources:
 * the files git tracks or would add (src/, test/, the configs), not ignored by eslint.config.js or
 * .prettierignore. A finding fails the test with one `file:line:column rule message` line each; an
 * unformatted file with its name and the command that formats it.
 */

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Folders a walk of the tree skips when git cannot list the files: installed, built or written by runs. */
const UNTRACKED_FOLDERS = new Set(['.git', 'node_modules', 'reports', 'types']);

/** The project's files, relative to its root: what git tracks or would add, or (without git) every file outside UNTRACKED_FOLDERS. */
function projectFiles(): string[] {
  let listed: string[];
  try {
    listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\0');
  } catch {
    listed = walkFiles('');
  }
  return [...new Set(listed)].filter((file) => file !== '' && existsSync(join(PROJECT_ROOT, file))).sort();
}

/** Every file below `folder` (relative to the project root), skipping UNTRACKED_FOLDERS. */
function walkFiles(folder: string): string[] {
  return readdirSync(join(PROJECT_ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
    if (entry.isDirectory()) return UNTRACKED_FOLDERS.has(entry.name) ? [] : walkFiles(path);
    return entry.isFile() ? [path] : [];
  });
}

/** One line per ESLint finding: `file:line:column rule message` (a file that does not parse has no rule). */
function describeFindings(results: ESLint.LintResult[]): string[] {
  return results.flatMap((result) => {
    const file = result.filePath.slice(PROJECT_ROOT.length);
    return result.messages.map((message) => `${file}:${message.line}:${message.column} ${message.ruleId ?? 'parse-error'} ${message.message}`);
  });
}

/** Whether Prettier may rewrite `file`: the scripts of src/ and test/ (not test data), and the top-level scripts and JSON configs. */
function mayFormat(file: string): boolean {
  if (file.startsWith('test/fixtures/') || file === 'package-lock.json') return false;
  return /^(src|test)\/.*\.[cm]?[jt]s$/.test(file) || /^[^/]+\.(js|ts|json)$/.test(file);
}

const files = projectFiles();

it('ESLint finds nothing in the sources, tests and configs (npm run lint)', async () => {
  const eslint = new ESLint({ cwd: PROJECT_ROOT });
  const scripts = files.filter((file) => /\.[cm]?[jt]s$/.test(file));
  const linted: string[] = [];
  for (const file of scripts) if (!(await eslint.isPathIgnored(join(PROJECT_ROOT, file)))) linted.push(file);
  expect(linted).toContain('src/index.ts');
  expect(linted).toContain('eslint.config.js');
  const findings = describeFindings(await eslint.lintFiles(linted.map((file) => join(PROJECT_ROOT, file))));
  if (findings.length > 0) throw new Error(`ESLint found ${findings.length} problem${findings.length === 1 ? '' : 's'} (\`npx eslint --fix FILE\` fixes some):\n${findings.join('\n')}`);
});

it('Prettier would change none of the sources, tests and configs (npm run format)', async () => {
  const ignorePath = [join(PROJECT_ROOT, '.gitignore'), join(PROJECT_ROOT, '.prettierignore')];
  const checked: string[] = [];
  const unformatted: string[] = [];
  for (const file of files) {
    const path = join(PROJECT_ROOT, file);
    const info = await prettier.getFileInfo(path, { ignorePath });
    if (info.ignored || info.inferredParser === null) continue;
    checked.push(file);
    const options = await prettier.resolveConfig(path, { editorconfig: true });
    if (!(await prettier.check(readFileSync(path, 'utf8'), { ...options, filepath: path }))) unformatted.push(file);
  }
  expect(checked).toContain('src/index.ts');
  expect(
    checked.filter((file) => !mayFormat(file)),
    'files .prettierignore must keep as they are',
  ).toEqual([]);
  if (unformatted.length > 0) {
    throw new Error(`Prettier would change ${unformatted.length} file${unformatted.length === 1 ? '' : 's'}; \`npm run format\` (prettier --write .) formats them:\n${unformatted.join('\n')}`);
  }
});
