// Types of load-module.js, for the tests that import it.

/** Imports `specifier` (a `.ts` path relative to the module at `fromUrl`) from the build when it is fresh, else through tsx. */
export function loadModule(fromUrl: string, specifier: string): Promise<Record<string, unknown>>;
