// Types of build-location.js, for the tests that import it.

/** The stamp the build writes last, beside its `src/`. */
export const STAMP: string;
/** Whether this copy of the module runs from the compiled build rather than from the sources. */
export const IN_BUILD: boolean;
/** The project's root folder. */
export const PROJECT: string;
/** The project's `src/` folder. */
export const SOURCES: string;
/** The compiled build: `node_modules/.cache/faultline/`. */
export const BUILD: string;
/** The compiled copy of the sources' folder. */
export const BUILD_SOURCES: string;
/** The build's folder of bundles. */
export const BUNDLE_FOLDER: string;
/** The bundles the build makes: output names (`bundle/<name>.js`) of their entry modules of src/. */
export const BUNDLES: readonly { name: string; entries: Readonly<Record<string, string>>; split: boolean }[];
/** The build's file for a module of src/ (`cli/main.ts`): its bundle if it is an entry of one, else its compiled copy. */
export function builtFile(module: string, build?: string): string;
/** Whether the build holds every source as it is now. */
export function buildIsFresh(build?: string, project?: string): boolean;
/** Why the build no longer matches the project, or undefined when it does. */
export function whyBuildIsStale(build?: string, project?: string): string | undefined;
/** Every source file the build compiles: the .ts and .js files under `folder`, sorted. */
export function listSources(folder: string): string[];
