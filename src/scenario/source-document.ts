import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
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
export function readSourceDocument(file: string, text = readFileSync(file, 'utf8')): SourceDocument | InputIssue[] {
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
  return {
    file,
    value: doc.toJS({ maxAliasCount: 1000 }) ?? {},
    locate(path, key = false) {
      const node = findNode(doc, path, key);
      return node?.range ? position(node.range[0]) : undefined;
    },
  };
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
