// Loads a module of the sources at start-up: from the compiled build when it is up to date, so
// nothing is transpiled at run time, else from the TypeScript source through tsx (after an edit
// and before `npm run build`). Plain JavaScript: it runs before anything can load TypeScript.
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILD_SOURCES, IN_BUILD, SOURCES, buildIsFresh } from './build-location.js';

let useBuild;
let tsxRegistered = false;

/**
 * Imports `specifier` (a `.ts` path relative to the module at `fromUrl`, e.g. `./main.ts`).
 * In the build, its compiled sibling; in the sources, the build's copy when the build is fresh,
 * else the source itself with tsx registered.
 */
export async function loadModule(fromUrl, specifier) {
  const target = new URL(specifier, fromUrl);
  if (IN_BUILD) return import(withJsExtension(target).href);
  useBuild ??= process.env.FAULTLINE_FROM_SOURCES !== '1' && buildIsFresh();
  if (useBuild) {
    const inBuild = pathToFileURL(`${BUILD_SOURCES}/${relative(SOURCES, fileURLToPath(target))}`);
    return import(withJsExtension(inBuild).href);
  }
  if (!tsxRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  return import(target.href);
}

function withJsExtension(url) {
  return new URL(url.href.replace(/\.ts$/, '.js'));
}
