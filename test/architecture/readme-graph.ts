import { folderGraph, folders, layerOf, type FileImport, type FolderEdge } from './folder-graph.ts';

/** The line before README.md's folder graph. */
export const GRAPH_START = "<!-- folder-graph: written by `npm run graph` from src/'s imports (test/architecture/readme-graph.ts); do not edit -->";

/** The line after it. */
export const GRAPH_END = '<!-- /folder-graph -->';

/**
 * The README's folder graph of src/, generated from the imports: a Mermaid flowchart, top to
 * bottom from the library and cli/, whose arrows are the imports no longer route implies (A → C
 * is drawn only when no A → B → … → C gives it; within a cycle every arrow is drawn, dashed
 * when it goes against LAYERS), then every folder's direct imports as a list.
 */
export function graphBlock(imports: readonly FileImport[]): string {
  const edges = folderGraph(imports);
  const order = folders(imports).reverse();
  const component = stronglyConnected(edges);
  const drawn = edges.filter((edge) => component.get(edge.from) === component.get(edge.to) || !impliedByLongerPath(edge, edges, component));
  const byLayer = (a: FolderEdge, b: FolderEdge) => order.indexOf(a.from) - order.indexOf(b.from) || order.indexOf(a.to) - order.indexOf(b.to);
  const arrow = (edge: FolderEdge) => `  ${nodeId(edge.from)} ${layerOf(edge.from) < layerOf(edge.to) ? '-.->' : '-->'} ${nodeId(edge.to)}`;
  const mermaid = ['```mermaid', 'flowchart TD', ...order.map((folder) => `  ${nodeId(folder)}["${label(folder)}"]`), ...drawn.sort(byLayer).map(arrow), '```'];
  const against = edges.filter((edge) => layerOf(edge.from) < layerOf(edge.to)).length;
  const legend =
    against > 0 ? ['', `Dashed: ${against} import${against === 1 ? '' : 's'} against the layering (test/architecture/folder-graph.ts, LAYERS), which make${against === 1 ? 's' : ''} cycles.`] : [];
  const width = Math.max(...order.map((folder) => label(folder).length));
  const list = order.map((folder) => {
    const targets = edges
      .filter((edge) => edge.from === folder)
      .sort(byLayer)
      .map((edge) => label(edge.to));
    return `${label(folder).padEnd(width)}  → ${targets.length > 0 ? targets.join(', ') : '(nothing of src/)'}`;
  });
  return [
    ...mermaid,
    ...legend,
    '',
    "<details><summary>Every folder's direct imports (the arrows above leave out those a longer path implies)</summary>",
    '',
    '```',
    ...list,
    '```',
    '',
    '</details>',
  ].join('\n');
}

/** The text between README's graph markers (without them), or undefined when they are missing. */
export function readmeGraphBlock(readme: string): string | undefined {
  const start = readme.indexOf(GRAPH_START);
  const end = readme.indexOf(GRAPH_END);
  if (start < 0 || end < start) return undefined;
  return readme
    .slice(start + GRAPH_START.length, end)
    .replace(/^\n/, '')
    .replace(/\n$/, '');
}

/** README with `block` between its graph markers. */
export function withGraphBlock(readme: string, block: string): string {
  const start = readme.indexOf(GRAPH_START);
  const end = readme.indexOf(GRAPH_END);
  if (start < 0 || end < start) throw new Error(`README.md: expected the lines ${GRAPH_START} and ${GRAPH_END} around the folder graph, got ${start < 0 ? 'no start' : 'no end after the start'}`);
  return `${readme.slice(0, start + GRAPH_START.length)}\n${block}\n${readme.slice(end)}`;
}

/**
 * Whether another route leads from `edge.from` to `edge.to` through a third strongly connected
 * component (`component` numbers them): then the drawing leaves the edge out.
 */
function impliedByLongerPath(edge: FolderEdge, edges: readonly FolderEdge[], component: ReadonlyMap<string, number>): boolean {
  const from = component.get(edge.from)!;
  const to = component.get(edge.to)!;
  const next = new Map<number, Set<number>>();
  for (const other of edges) {
    const a = component.get(other.from)!;
    const b = component.get(other.to)!;
    if (a !== b) next.set(a, (next.get(a) ?? new Set()).add(b));
  }
  const seen = new Set<number>();
  const stack = [...(next.get(from) ?? [])].filter((target) => target !== to);
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (at === to) return true;
    if (seen.has(at)) continue;
    seen.add(at);
    stack.push(...(next.get(at) ?? []));
  }
  return false;
}

/** Each folder's strongly connected component (Tarjan's algorithm): folders on a cycle share one. */
function stronglyConnected(edges: readonly FolderEdge[]): Map<string, number> {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const nodes = [...new Set(edges.flatMap((edge) => [edge.from, edge.to]))].sort();
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const component = new Map<string, number>();
  const stack: string[] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    lowest.set(node, counter++);
    stack.push(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        lowest.set(node, Math.min(lowest.get(node)!, lowest.get(target)!));
      } else if (!component.has(target)) {
        lowest.set(node, Math.min(lowest.get(node)!, index.get(target)!));
      }
    }
    if (lowest.get(node) === index.get(node)) {
      const id = component.size;
      for (let member = stack.pop()!; ; member = stack.pop()!) {
        component.set(member, id);
        if (member === node) break;
      }
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return component;
}

/** A folder as the README names it: `engine/`, or a top-level file as itself. */
function label(folder: string): string {
  return /\.[a-z]+$/.test(folder) ? folder : `${folder}/`;
}

/** A Mermaid node id: letters, digits and underscores. */
function nodeId(folder: string): string {
  return folder.replace(/[^A-Za-z0-9]/g, '_');
}
