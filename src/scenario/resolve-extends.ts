import { statSync, type Stats } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import type { InputIssue } from '../errors.ts';
import { mergeScenarios, unmerged, type MergedValue } from './merge-scenarios.ts';
import { describeFileKind, describeReadError } from './read-scenario-file.ts';
import { describeInput, quoteText } from './schema/describe-input.ts';
import { MAX_PATH_LENGTH } from './schema/names.ts';
import { readSourceDocument, type SourceDocument } from './source-document.ts';

/** The extensions a base scenario may have. */
export const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/** The longest chain of bases: a scenario, its base, that base's base… */
export const MAX_EXTENDS_CHAIN = 32;

/** A scenario with its `extends` chain merged, plus every file that went into it. */
export interface ResolvedScenario {
  merged: MergedValue;
  /** The files read, most basic first. */
  sources: SourceDocument[];
}

/**
 * Reads a scenario file (or, given `text`, that text under the file's name) and, recursively, the
 * bases it `extends`, and deep-merges them.
 *
 * A missing base and a cycle are issues at the `extends` field that names them. A base must be
 * a regular `.yaml`, `.yml` or `.json` file, named by a path of at most 1,024 characters without
 * control characters; the chain has at most 32 files. Nothing of a base's text is quoted when it
 * fails to parse: `extends` could name any file, and its content must not reach a message.
 */
export function resolveExtends(file: string, text?: string): ResolvedScenario | InputIssue[] {
  return resolveChain(file, [], text);
}

/** A file already on the chain of bases: its absolute path, and its name as shown to the user. */
interface ChainLink {
  path: string;
  display: string;
}

function resolveChain(file: string, chain: ChainLink[], text?: string): ResolvedScenario | InputIssue[] {
  const source = readSourceDocument(file, text, { quoteSource: chain.length === 0 });
  if (Array.isArray(source)) return source;
  const base = (source.value as { extends?: unknown } | null)?.extends;
  if (base === undefined) return { merged: unmerged(source), sources: [source] };

  const at = { file, ...source.locate(['extends']), path: 'extends' };
  if (typeof base !== 'string') {
    return [{ ...at, message: `expected a relative path to a base scenario, got ${describeInput(base)}` }];
  }
  const malformed = checkBasePath(base);
  if (malformed) return [{ ...at, message: malformed }];
  if (chain.length + 1 >= MAX_EXTENDS_CHAIN) {
    return [{ ...at, message: `expected a chain of at most ${MAX_EXTENDS_CHAIN} files (a scenario and its bases), got a longer one` }];
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
  let kind: Stats | undefined;
  try {
    kind = statSync(basePath, { throwIfNoEntry: false });
  } catch (error) {
    return [{ ...at, message: `expected an existing scenario file, got ${quoteText(base)} (${describeReadError(error)})` }];
  }
  if (!kind?.isFile()) {
    const found = kind ? describeFileKind(kind) : 'no file';
    return [{ ...at, message: `expected an existing scenario file, got ${quoteText(base)} (${found} at ${displayBase})` }];
  }
  const extension = extname(base).toLowerCase();
  if (!(SCENARIO_EXTENSIONS as readonly string[]).includes(extension)) {
    return [{ ...at, message: `expected the path of a YAML or JSON scenario file (${SCENARIO_EXTENSIONS.join(', ')}), got ${quoteText(base)}` }];
  }
  const resolvedBase = resolveChain(displayBase, names);
  if (Array.isArray(resolvedBase)) return resolvedBase;
  const merged = mergeScenarios(resolvedBase.merged, source);
  delete (merged.value as Record<string, unknown>).extends;
  return { merged, sources: [...resolvedBase.sources, source] };
}

/**
 * Why a path written in `extends` cannot name a base scenario, before the file system is asked:
 * too long, or holding a control character (a NUL cannot reach the file system at all).
 * Undefined when it can.
 */
function checkBasePath(base: string): string | undefined {
  if (base.length > MAX_PATH_LENGTH) {
    return `expected a path of at most ${MAX_PATH_LENGTH.toLocaleString('en-US')} characters, got ${base.length.toLocaleString('en-US')} characters (${quoteText(base)})`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(base)) {
    return `expected a path without control characters, got ${quoteText(base)}`;
  }
  return undefined;
}
