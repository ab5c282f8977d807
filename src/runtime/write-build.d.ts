// Types of write-build.js, for the tests that import it.
import type { Metafile } from 'esbuild';

/** Packages the bundles leave for Node to load from node_modules. */
export const EXTERNAL_PACKAGES: readonly string[];

/** Compiles `src/` into `into` (default the project's build folder); returns esbuild's metafile of each bundle, by bundle name, its outputs named from the build folder. */
export function writeBuild(into?: string): Promise<{ sources: number; ms: number; metafiles: Record<string, Metafile> }>;
