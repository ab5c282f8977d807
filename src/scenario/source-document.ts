import { Composer, isMap, isPair, isScalar, isSeq, LineCounter, Parser, visit, YAMLParseError, type Document, type Node } from 'yaml';
import type { InputIssue } from '../errors.ts';
import { firstTooDeepOffset, firstTooDeepPath, firstTooIndentedLine, MAX_NESTING_DEPTH } from './nesting-depth.ts';
import { readScenarioFile } from './read-scenario-file.ts';

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

/** How a file is read: the file named by the user, or a base named by `extends`. */
export interface ReadOptions {
  /**
   * Whether messages may quote the parser's words, which can carry bits of the file's text
   * (a tag, an alias, a stray line). False for the bases of `extends`: a path there could name
   * any file, and no message may show what it holds. Default true.
   */
  quoteSource?: boolean;
}

/** The most syntax errors listed for one file; the rest are counted in one more line. */
export const MAX_SYNTAX_ERRORS = 20;

/**
 * Reads and parses a YAML or JSON scenario file, keeping source positions.
 *
 * Only a regular file of at most 10 MB is read (see `readScenarioFile`). The file must hold one
 * mapping (or nothing), nested at most 64 deep, whose aliases neither loop nor expand past
 * 1,000 uses. Returns the document, or its issues (every syntax error, up to 20) with their
 * positions.
 */
export function readSourceDocument(file: string, text?: string, options: ReadOptions = {}): SourceDocument | InputIssue[] {
  const quoteSource = options.quoteSource ?? true;
  if (text === undefined) {
    const read = readScenarioFile(file);
    if ('problem' in read) return [{ file, message: `expected a readable scenario file, got ${read.problem}` }];
    text = read.text;
  }
  const lineCounter = new LineCounter();
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const parsed = parseWithinDepth(text, lineCounter);
  if ('tooDeepAt' in parsed) {
    return [{ file, ...position(parsed.tooDeepAt), message: `expected lists and mappings nested at most ${MAX_NESTING_DEPTH} deep, got deeper nesting` }];
  }
  const { doc } = parsed;
  if (doc.errors.length > 0) {
    const issues: InputIssue[] = doc.errors.slice(0, MAX_SYNTAX_ERRORS).map((error) => ({
      file,
      ...position(error.pos[0]),
      message: `expected valid YAML or JSON, got a syntax error: ${quoteSource ? firstLine(error.message) : describeErrorCode(error.code)}`,
    }));
    const more = doc.errors.length - MAX_SYNTAX_ERRORS;
    if (more > 0) {
      const next = doc.errors[MAX_SYNTAX_ERRORS]!;
      issues.push({ file, ...position(next.pos[0]), message: `expected valid YAML or JSON, got ${more.toLocaleString('en-US')} more syntax errors from here (not listed)` });
    }
    return issues;
  }
  const loop = firstLoopingAlias(doc);
  if (loop) {
    return [{ file, ...position(loop.range?.[0] ?? 0), message: 'expected aliases to values that do not contain them, got an alias inside the value its anchor names (an endless loop)' }];
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  } catch (error) {
    // An alias to an undefined anchor, or aliases expanding beyond maxAliasCount.
    const alias = firstUnresolvedAlias(doc);
    const why = quoteSource ? firstLine((error as Error).message) : alias ? 'an alias to an anchor not defined before it' : 'aliases used more than 1,000 times';
    return [{ file, ...position(alias?.range?.[0] ?? 0), message: `expected valid YAML or JSON, got ${why}` }];
  }
  const locate = (path: FieldPath, key = false) => {
    const node = findNode(doc, path, key);
    // An empty document has no nodes: its fields are missing "at" the start of the file.
    return node?.range ? position(node.range[0]) : doc.contents === null ? position(0) : undefined;
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    // Never quoted: a file that is not a mapping is not a scenario, and may be anything.
    return [{ file, ...(locate([]) ?? position(0)), message: `expected a scenario: a mapping of fields such as name and incidents, got ${describeKind(value)}` }];
  }
  const tooDeep = firstTooDeepPath(value);
  if (tooDeep) {
    return [{ file, ...(locate(tooDeep) ?? position(0)), message: `expected lists and mappings nested at most ${MAX_NESTING_DEPTH} deep once aliases are expanded, got deeper nesting` }];
  }
  return { file, value, locate };
}

/**
 * Parses YAML text as `parseDocument` does (one document, unique keys), but refuses text nested
 * more than 64 deep before composing it (the composer recurses once per level), and a line
 * indented more than 1,000 columns before parsing it (so does the parser, on the way back out).
 */
function parseWithinDepth(text: string, lineCounter: LineCounter): { doc: Document.Parsed } | { tooDeepAt: number } {
  const tooIndented = firstTooIndentedLine(text);
  if (tooIndented !== undefined) {
    // The parser never ran: count the lines before the offset for the message's position.
    lineCounter.addNewLine(0);
    for (let at = text.indexOf('\n'); at !== -1 && at < tooIndented; at = text.indexOf('\n', at + 1)) lineCounter.addNewLine(at + 1);
    return { tooDeepAt: tooIndented };
  }
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  for (const token of tokens) {
    const offset = firstTooDeepOffset(token);
    if (offset !== undefined) return { tooDeepAt: offset };
  }
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  return { doc: doc! };
}

/** A YAML error code in words, for files whose text is not quoted. */
function describeErrorCode(code: string): string {
  const words: Record<string, string> = {
    BAD_INDENT: 'bad indentation',
    DUPLICATE_KEY: 'a key given twice in one mapping',
    MISSING_CHAR: 'a missing character',
    MULTILINE_IMPLICIT_KEY: 'a key spread over several lines',
    MULTIPLE_DOCS: 'several documents in one file',
    TAB_AS_INDENT: 'a tab used as indentation',
    UNEXPECTED_TOKEN: 'an unexpected token',
  };
  return `${words[code] ?? 'a malformed construct'} (YAML error ${code}; the text of a base scenario is not quoted)`;
}

/** What a parsed value that is not a mapping is, without quoting it. */
function describeKind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number' || typeof value === 'bigint') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return 'a value of another kind';
}

/** The first alias inside the very value its anchor names (`a: &x [*x]`), if any. */
function firstLoopingAlias(doc: Document): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Alias(_key, alias, path) {
      const target = alias.resolve(doc);
      if (target !== undefined && path.includes(target)) {
        found = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
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
