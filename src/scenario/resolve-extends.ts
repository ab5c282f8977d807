import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { InputIssue } from '../errors.ts';
import { mergeScenarios, unmerged, type MergedValue } from './merge-scenarios.ts';
import { readSourceDocument, type SourceDocument } from './source-document.ts';

/** A scenario with its `extends` chain merged, plus every file that went into it. */
export interface ResolvedScenario {
  merged: MergedValue;
  /** The files read, most basic first. */
  sources: SourceDocument[];
}

/**
 * Reads a scenario file and, recursively, the bases it `extends`, and deep-merges them.
 *
 * A missing base and a cycle are issues at the `extends` field that names them.
 */
export function resolveExtends(file: string): ResolvedScenario | InputIssue[] {
  return resolveChain(file, []);
}

/** A file already on the chain of bases: its absolute path, and its name as shown to the user. */
interface ChainLink {
  path: string;
  display: string;
}

function resolveChain(file: string, chain: ChainLink[]): ResolvedScenario | InputIssue[] {
  const source = readSourceDocument(file);
  if (Array.isArray(source)) return source;
  const base = (source.value as { extends?: unknown } | null)?.extends;
  if (base === undefined) return { merged: unmerged(source), sources: [source] };

  const at = { file, ...source.locate(['extends']), path: 'extends' };
  if (typeof base !== 'string') {
    return [{ ...at, message: `expected a relative path to a base scenario, got ${JSON.stringify(base)}` }];
  }
  // The base is named in the style of the file that extends it: relative stays relative.
  const displayBase = isAbsolute(base) ? base : join(dirname(file), base);
  const basePath = resolve(displayBase);
  const here = resolve(file);
  const names = [...chain, { path: here, display: file }];
  if (names.some(({ path }) => path === basePath)) {
    const start = names.findIndex(({ path }) => path === basePath);
    const cycle = [...names.slice(start).map(({ display }) => display), displayBase];
    return [{ ...at, message: `expected a chain of bases without a cycle, got ${cycle.join(' → ')}` }];
  }
  const kind = statSync(basePath, { throwIfNoEntry: false });
  if (!kind?.isFile()) {
    const found = kind ? 'a folder' : 'no file';
    return [{ ...at, message: `expected an existing scenario file, got ${JSON.stringify(base)} (${found} at ${displayBase})` }];
  }
  const resolvedBase = resolveChain(displayBase, names);
  if (Array.isArray(resolvedBase)) return resolvedBase;
  const merged = mergeScenarios(resolvedBase.merged, source);
  delete (merged.value as Record<string, unknown>).extends;
  return { merged, sources: [...resolvedBase.sources, source] };
}
