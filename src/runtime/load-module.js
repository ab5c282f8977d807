// Loads a module of the sources at start-up: from the compiled build when it is up to date (the
// module's bundle if it is the entry of one, else its compiled file), so nothing is transpiled at
// run time, else from the TypeScript source through tsx (after an edit and before `npm run
// build`). Plain JavaScript: it runs before anything can load TypeScript.
import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILD_SOURCES, IN_BUILD, SOURCES, buildIsFresh, builtFile } from './build-location.js';

let useBuild;
let tsxRegistered = false;

/**
 * Imports `specifier` (a `.ts` path relative to the module at `fromUrl`, e.g. `./main.ts`).
 * In the build, the build's file for it; in the sources, the same when the build is fresh, else
 * the source itself with tsx registered.
 */
export async function loadModule(fromUrl, specifier) {
  const target = fileURLToPath(new URL(specifier, fromUrl));
  useBuild ??= IN_BUILD || (process.env.FAULTLINE_FROM_SOURCES !== '1' && buildIsFresh());
  if (useBuild) {
    const module = relative(IN_BUILD ? BUILD_SOURCES : SOURCES, target).replaceAll(sep, '/');
    return import(pathToFileURL(builtFile(module)).href);
  }
  if (!tsxRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  return import(pathToFileURL(target).href);
}
