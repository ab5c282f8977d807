// Where the compiled build of the sources lives, and whether it is up to date. Plain JavaScript:
// it runs before anything can load TypeScript.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder this file is in: `src/runtime/` in the sources, `runtime/` in the build. */
const HERE = fileURLToPath(new URL('.', import.meta.url));

/** The stamp the build writes last, beside its `src/`; its presence marks a build folder. */
export const STAMP = 'build.json';

/** Whether this copy of the file runs from the compiled build rather than from the sources. */
export const IN_BUILD = existsFile(join(HERE, '..', '..', STAMP));

/** The project's `src/` folder (meaningful only outside the build). */
export const SOURCES = join(HERE, '..');

/**
 * The compiled build: `node_modules/.cache/faultline/`, with `src/` holding one JavaScript file per
 * source file (so `../package.json` of `src/version.js` is the build's copy of the version) and
 * the stamp.
 */
export const BUILD = join(SOURCES, '..', 'node_modules', '.cache', 'faultline');

/** The compiled copy of the sources' folder. */
export const BUILD_SOURCES = join(BUILD, 'src');

/**
 * Whether the build holds every source as it is now: it exists, and no file of `src/` nor
 * `package.json` is newer than it, and it was made from as many source files as there are (a
 * file added or removed since makes it stale). About a millisecond of stat calls.
 */
export function buildIsFresh() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(BUILD, STAMP), 'utf8'));
  } catch {
    return false;
  }
  if (typeof stamp.built_at_ms !== 'number' || typeof stamp.sources !== 'number') return false;
  if (statSync(join(SOURCES, '..', 'package.json')).mtimeMs > stamp.built_at_ms) return false;
  const sources = listSources(SOURCES);
  if (sources.length !== stamp.sources) return false;
  return sources.every((file) => statSync(file).mtimeMs <= stamp.built_at_ms);
}

/** Every source file the build compiles: the .ts and .js files under `folder`, sorted. */
export function listSources(folder) {
  const files = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...listSources(path));
    else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files.sort();
}

function existsFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
