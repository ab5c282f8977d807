import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cruiseSource, describeCycle, describeEdge, folderCycles, folderGraph, folders, layerOf, PROJECT_ROOT, type FileImport, type FolderEdge } from './folder-graph.ts';
import { graphBlock, readmeGraphBlock } from './readme-graph.ts';

/**
 * The folders of src/ depend one way (issue 15): dependency-cruiser reads every import once,
 * type-only imports included, and the folder graph must have no cycle, nothing below engine/ may
 * import engine/, and only cli/ may import cli/. The README's architecture graph is the same
 * graph, written by `npm run graph`.
 */
let imports: FileImport[];
let edges: FolderEdge[];

beforeAll(async () => {
  imports = await cruiseSource();
  edges = folderGraph(imports);
});

describe('the folder graph of src/', () => {
  it('reads the imports of the whole folder, type-only ones included', () => {
    expect(imports.length).toBeGreaterThan(500);
    expect(imports.some((fileImport) => fileImport.typeOnly)).toBe(true);
  });

  it('has a place in the layers for every folder', () => {
    expect(
      folders(imports).filter((folder) => layerOf(folder) === Infinity),
      'add each of these to LAYERS in test/architecture/folder-graph.ts',
    ).toEqual([]);
  });

  it('has no cycle', () => {
    const cycles = folderCycles(edges);
    expect(cycles.length, `${cycles.length} cycles in the folder graph of src/:\n${cycles.map(describeCycle).join('\n')}`).toBe(0);
  });

  it('has nothing below engine/ import engine/: engine/ composes the stages', () => {
    const below = edges.filter((edge) => edge.to === 'engine' && layerOf(edge.from) < layerOf('engine'));
    expect(below.length, `imports of engine/ from below it:\n${below.map(describeEdge).join('\n')}`).toBe(0);
  });

  it('has no folder but cli/ import cli/: the command line is on top', () => {
    const into = edges.filter((edge) => edge.to === 'cli');
    expect(into.length, `imports of cli/ from other folders:\n${into.map(describeEdge).join('\n')}`).toBe(0);
  });
});

describe("the README's architecture graph", () => {
  it('is the folder graph as it is now', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(readmeGraphBlock(readme), "README.md's folder graph differs from src/'s imports: run `npm run graph` to rewrite it").toBe(graphBlock(imports));
  });
});

describe('the graph helpers, on a small graph', () => {
  const importsOf = (pairs: [string, string][]): FileImport[] => pairs.map(([from, to]) => ({ from: `src/${from}/a.ts`, to: `src/${to}/b.ts`, typeOnly: false, dynamic: false }));

  it('finds each cycle once, from its lowest folder in the layers, with the imports of each edge', () => {
    const cycles = folderCycles(
      folderGraph(
        importsOf([
          ['engine', 'market'],
          ['market', 'engine'],
          ['market', 'scenario'],
        ]),
      ),
    );
    expect(cycles.map((cycle) => cycle.map((edge) => `${edge.from}→${edge.to}`))).toEqual([['market→engine', 'engine→market']]);
    expect(describeCycle(cycles[0]!)).toBe('cycle market → engine → market:\n  market → engine\n    src/market/a.ts → src/engine/b.ts\n  engine → market\n    src/engine/a.ts → src/market/b.ts');
  });

  it('draws only the arrows no longer path implies, and lists every import', () => {
    const block = graphBlock(
      importsOf([
        ['cli', 'run'],
        ['run', 'engine'],
        ['cli', 'engine'],
      ]),
    );
    expect(block).toContain('  cli --> run\n  run --> engine\n```');
    expect(block).not.toContain('cli --> engine');
    expect(block).toContain('cli/     → run/, engine/');
  });
});
