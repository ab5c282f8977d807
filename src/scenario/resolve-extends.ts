import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
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

function resolveChain(file: string, chain: string[]): ResolvedScenario | InputIssue[] {
  const source = readSourceDocument(file);
  if (Array.isArray(source)) return source;
  const base = (source.value as { extends?: unknown } | null)?.extends;
  if (base === undefined) return { merged: unmerged(source), sources: [source] };

  const at = { file, ...source.locate(['extends']), path: 'extends' };
  if (typeof base !== 'string') {
    return [{ ...at, message: `expected a relative path to a base scenario, got ${JSON.stringify(base)}` }];
  }
  const basePath = resolve(dirname(file), base);
  const displayBase = relative(process.cwd(), basePath) || basePath;
  const here = resolve(file);
  if (chain.includes(basePath) || basePath === here) {
    const cycle = [...chain, here, basePath].map((path) => relative(process.cwd(), path) || path);
    return [{ ...at, message: `expected a chain of bases without a cycle, got ${cycle.join(' → ')}` }];
  }
  if (!existsSync(basePath)) {
    return [{ ...at, message: `expected an existing scenario file, got ${JSON.stringify(base)} (no file at ${displayBase})` }];
  }
  const resolvedBase = resolveChain(displayBase, [...chain, here]);
  if (Array.isArray(resolvedBase)) return resolvedBase;
  const merged = mergeScenarios(resolvedBase.merged, source);
  delete (merged.value as Record<string, unknown>).extends;
  return { merged, sources: [...resolvedBase.sources, source] };
}
