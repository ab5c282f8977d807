import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';

/** The project's root folder, which dependency-cruiser reads `src/` from. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The intended layering of src/, lowest first: a folder may import the folders before it, never
 * one after it. errors.ts, version.ts and runtime/ are imported from everywhere; the stages run
 * from market/ to insurance/; engine/ composes them; run/ runs a scenario into its report folder
 * for the CLI, batches, sweeps and shards; index.ts (the library) and faultline.js (the package's
 * entry) sit on top. A new folder needs a place here (a test says so).
 */
export const LAYERS = [
  'errors.ts',
  'version.ts',
  'runtime',
  'random',
  'calendar',
  'scenario',
  'pipeline',
  'market',
  'incidents',
  'impacts',
  'liability',
  'insurance',
  'ledger',
  'engine',
  'stats',
  'report',
  'cluster',
  'run',
  'shard',
  'cli',
  'index.ts',
  'faultline.js',
] as const;

/** One import of a file of src/ by another, as dependency-cruiser resolved it (paths from the project root). */
export interface FileImport {
  from: string;
  to: string;
  /** `import type` or a type-only specifier: no edge at run time, but one in the design. */
  typeOnly: boolean;
  /** `await import(…)`: loaded only when needed. */
  dynamic: boolean;
}

/** A folder-level edge: `from` imports `to` through the file-level `imports`. */
export interface FolderEdge {
  from: string;
  to: string;
  imports: FileImport[];
}

/**
 * Every import between two files of src/, type-only imports included (`tsPreCompilationDeps`):
 * one cruise of the whole folder, about a second. Packages and Node's modules are left out.
 */
export async function cruiseSource(root = PROJECT_ROOT): Promise<FileImport[]> {
  const { output } = await cruise(['src'], { baseDir: root, tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' }, exclude: { path: 'node_modules' } });
  const result = output as ICruiseResult;
  const imports: FileImport[] = [];
  for (const module of result.modules) {
    if (!module.source.startsWith('src/')) continue;
    for (const dependency of module.dependencies) {
      if (!dependency.resolved.startsWith('src/')) continue;
      const typeOnly = dependency.dependencyTypes.some((type) => type === 'type-only' || type === 'pre-compilation-only');
      imports.push({ from: module.source, to: dependency.resolved, typeOnly, dynamic: dependency.dynamic });
    }
  }
  return imports.sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to));
}

/** The folder of src/ a file belongs to (`engine` for src/engine/run-simulation.ts), or the file itself at the top (`errors.ts`). */
export function folderOf(file: string): string {
  return file.replace(/^src\//, '').split('/')[0]!;
}

/** The folder graph of the imports: one edge per pair of different folders, with the file-level imports that make it, sorted. */
export function folderGraph(imports: readonly FileImport[]): FolderEdge[] {
  const edges = new Map<string, FolderEdge>();
  for (const fileImport of imports) {
    const from = folderOf(fileImport.from);
    const to = folderOf(fileImport.to);
    if (from === to) continue;
    const key = `${from} ${to}`;
    const edge = edges.get(key) ?? { from, to, imports: [] };
    edge.imports.push(fileImport);
    edges.set(key, edge);
  }
  return [...edges.values()].sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to));
}

/** Every folder (and top-level file) of src/ that imports or is imported, in layer order, unplaced ones last. */
export function folders(imports: readonly FileImport[]): string[] {
  const found = new Set(imports.flatMap((fileImport) => [folderOf(fileImport.from), folderOf(fileImport.to)]));
  return [...found].sort((a, b) => layerOf(a) - layerOf(b) || compareText(a, b));
}

/** A folder's position in LAYERS (Infinity when it has none). */
export function layerOf(folder: string): number {
  const index = (LAYERS as readonly string[]).indexOf(folder);
  return index < 0 ? Infinity : index;
}

/**
 * The cycles of the folder graph: for each edge that lies on a cycle, the shortest cycle through
 * it, each listed once (from its lowest folder in layer order). An acyclic graph has none.
 */
export function folderCycles(edges: readonly FolderEdge[]): FolderEdge[][] {
  const byPair = new Map(edges.map((edge) => [`${edge.from} ${edge.to}`, edge]));
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const cycles = new Map<string, FolderEdge[]>();
  for (const edge of edges) {
    const back = shortestPath(next, edge.to, edge.from);
    if (!back) continue;
    const ring = [edge.from, ...back.slice(0, -1)];
    const start = ring.reduce(
      (lowest, folder, index) => (layerOf(folder) < layerOf(ring[lowest]!) || (layerOf(folder) === layerOf(ring[lowest]!) && compareText(folder, ring[lowest]!) < 0) ? index : lowest),
      0,
    );
    const rotated = [...ring.slice(start), ...ring.slice(0, start)];
    const key = rotated.join(' → ');
    if (!cycles.has(key))
      cycles.set(
        key,
        rotated.map((from, index) => byPair.get(`${from} ${rotated[(index + 1) % rotated.length]!}`)!),
      );
  }
  return [...cycles.entries()].sort(([a], [b]) => compareText(a, b)).map(([, cycle]) => cycle);
}

/** The folders from `from` to `to` by the fewest edges (both included), or undefined when `to` cannot be reached. */
function shortestPath(next: ReadonlyMap<string, readonly string[]>, from: string, to: string): string[] | undefined {
  const cameFrom = new Map<string, string>([[from, from]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const folder = queue[head]!;
    if (folder === to) {
      const path = [to];
      while (path[0] !== from) path.unshift(cameFrom.get(path[0]!)!);
      return path;
    }
    for (const target of [...(next.get(folder) ?? [])].sort(compareText)) {
      if (cameFrom.has(target)) continue;
      cameFrom.set(target, folder);
      queue.push(target);
    }
  }
  return undefined;
}

/** An edge with the file-level imports that make it, one per line, for a test's failure message. */
export function describeEdge(edge: FolderEdge): string {
  const lines = edge.imports.map((fileImport) => `    ${fileImport.from} → ${fileImport.to}${fileImport.typeOnly ? ' (types only)' : ''}${fileImport.dynamic ? ' (dynamic)' : ''}`);
  return [`  ${edge.from} → ${edge.to}`, ...lines].join('\n');
}

/** A cycle as its folders, then each of its edges with its file-level imports. */
export function describeCycle(cycle: readonly FolderEdge[]): string {
  return [`cycle ${[...cycle.map((edge) => edge.from), cycle[0]!.from].join(' → ')}:`, ...cycle.map(describeEdge)].join('\n');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
