import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { InputIssue } from '../errors.ts';

/** A path into a parsed document: object keys and array indices. */
export type FieldPath = readonly (string | number)[];

/** A parsed scenario file that remembers where every value stands in the text. */
export interface SourceDocument {
  /** The file as the user named it (relative paths stay relative). */
  file: string;
  /** The parsed value, plain JSON. */
  value: unknown;
  /** Finds the line and column of the value (or, with `key`, the key) at a path. */
  locate(path: FieldPath, key?: boolean): { line: number; column: number } | undefined;
}

/**
 * Reads and parses a YAML or JSON scenario file, keeping source positions.
 *
 * Returns the document, or the syntax issues (all of them) with their positions.
 */
export function readSourceDocument(file: string, text?: string): SourceDocument | InputIssue[] {
  if (text === undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return [{ file, message: `expected a readable scenario file, got ${describeReadError(error)}` }];
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    return doc.errors.map((error) => ({
      file,
      ...position(error.pos[0]),
      message: `expected valid YAML or JSON, got a syntax error: ${firstLine(error.message)}`,
    }));
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  } catch (error) {
    // An alias to an undefined anchor, or aliases expanding beyond maxAliasCount.
    const alias = firstUnresolvedAlias(doc);
    return [{ file, ...position(alias?.range?.[0] ?? 0), message: `expected valid YAML or JSON, got ${firstLine((error as Error).message)}` }];
  }
  return {
    file,
    value,
    locate(path, key = false) {
      const node = findNode(doc, path, key);
      // An empty document has no nodes: its fields are missing "at" the start of the file.
      return node?.range ? position(node.range[0]) : doc.contents === null ? position(0) : undefined;
    },
  };
}

/** Why a file could not be read, in words: a folder, no permission, or the system's message. */
function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'a folder';
  if (code === 'ENOENT') return 'no file at this path';
  if (code === 'EACCES' || code === 'EPERM') return 'a file it has no permission to read';
  return `an unreadable file (${(error as Error).message})`;
}

/** The first alias whose anchor is not defined before it, if any. */
function firstUnresolvedAlias(doc: Document): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) === undefined) {
        found = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The node at a path, or the key node of its last step; the deepest existing ancestor otherwise. */
function findNode(doc: Document, path: FieldPath, key: boolean): Node | undefined {
  let node: unknown = doc.contents;
  let found = node as Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(step));
      if (!pair) return found;
      if (key && i === path.length - 1) return pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
    } else {
      return found;
    }
    if (node && typeof node === 'object' && 'range' in node) found = node as Node;
    else return found;
  }
  return found;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
