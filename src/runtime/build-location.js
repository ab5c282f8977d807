// Where the compiled build of the sources lives, what it holds, and whether it is up to date.
// Plain JavaScript: it runs before anything can load TypeScript.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder this file is in: `src/runtime/` in the sources, `src/runtime/` of the build in the build. */
const HERE = fileURLToPath(new URL('.', import.meta.url));

/** The stamp the build writes last, beside its `src/`; its presence marks a build folder. */
export const STAMP = 'build.json';

/** Whether this copy of the file runs from the compiled build rather than from the sources. */
export const IN_BUILD = existsFile(join(HERE, '..', '..', STAMP));

/** The project's root folder (meaningful only outside the build). */
export const PROJECT = join(HERE, '..', '..');

/** The project's `src/` folder (meaningful only outside the build). */
export const SOURCES = join(PROJECT, 'src');

/**
 * The compiled build: `node_modules/.cache/faultline/` (the folder this file is two levels under,
 * when it runs from the build). It holds `src/`, one JavaScript file per source file (so
 * `../package.json` of `src/version.js` is the build's copy of the version); `bundle/`, the
 * bundles of BUNDLES (with their source maps); that copy of package.json; and the stamp.
 */
export const BUILD = IN_BUILD ? join(HERE, '..', '..') : join(PROJECT, 'node_modules', '.cache', 'faultline');

/** The compiled copy of the sources' folder. */
export const BUILD_SOURCES = join(BUILD, 'src');

/** The build's folder of bundles, one level under it like `src/` (so their `../package.json` is the build's too). */
export const BUNDLE_FOLDER = 'bundle';

/**
 * The bundles the build makes in its `bundle/` folder: each holds its entry modules of src/ with
 * everything they import, npm packages included (but for a few, see write-build.js), so that a
 * process or thread reads a handful of files instead of hundreds. `entries` maps an output name
 * (`bundle/<name>.js`) to its module of src/; loadModule loads that file instead of the module's
 * compiled copy.
 * - `cli`: the command's main.ts and interruption.ts (which bin.js installs), split: the modules
 *   only some commands need stay in chunks of their own (`chunk-<hash>.js`), which a command's
 *   `await import(…)` loads when it runs, and the two entries share one copy of every module.
 * - `worker`: a simulation thread's body, in one file. It is named `worker-entry.js`, the file
 *   engine/worker-pool.ts starts from its own folder, so the pool inside the `cli` bundle starts
 *   it directly.
 */
export const BUNDLES = [
  { name: 'cli', entries: { main: 'cli/main.ts', interruption: 'cli/interruption.ts' }, split: true },
  { name: 'worker', entries: { 'worker-entry': 'engine/chunk-worker.ts' }, split: false },
];

/** The build's file for a module of src/ (`cli/main.ts`): its bundle if it is an entry of one, else its compiled copy. */
export function builtFile(module, build = BUILD) {
  for (const { entries } of BUNDLES) {
    for (const [name, entry] of Object.entries(entries)) if (entry === module) return join(build, BUNDLE_FOLDER, `${name}.js`);
  }
  return join(build, 'src', module.replace(/\.ts$/, '.js'));
}

/** Whether the build holds every source as it is now (see whyBuildIsStale). About a millisecond of stat calls. */
export function buildIsFresh(build = BUILD, project = PROJECT) {
  return whyBuildIsStale(build, project) === undefined;
}

/**
 * Why the build in `build` no longer matches the project in `project`, or undefined when it does:
 * it must exist; no file of `src/` nor `package.json` may be newer than it; it must have been made
 * from as many source files as there are (a file added or removed since makes it stale); and npm
 * must not have changed the installed packages since (`node_modules/.package-lock.json`, which
 * npm rewrites whenever it does), since the bundles hold copies of them.
 */
export function whyBuildIsStale(build = BUILD, project = PROJECT) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(build, STAMP), 'utf8'));
  } catch {
    return `no build in ${build}`;
  }
  if (typeof stamp.built_at_ms !== 'number' || typeof stamp.sources !== 'number') return `${join(build, STAMP)} is not a build stamp`;
  const newer = (file) => statSync(file).mtimeMs > stamp.built_at_ms;
  const packages = join(project, 'node_modules', '.package-lock.json');
  if (existsFile(packages) && newer(packages)) return 'npm changed the installed packages since the build';
  if (newer(join(project, 'package.json'))) return 'package.json is newer than the build';
  const sources = listSources(join(project, 'src'));
  if (sources.length !== stamp.sources) return `the build was made from ${stamp.sources} source files, there are ${sources.length}`;
  const edited = sources.find(newer);
  return edited === undefined ? undefined : `${edited} is newer than the build`;
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
