import type { CST } from 'yaml';
import type { FieldPath } from './source-document.ts';

/**
 * The deepest nesting of lists and mappings a scenario file may have. A scenario needs about a
 * dozen levels (`strategies[0].insurance.policies[0].conditions.notice.delay_days`); the YAML
 * composer, the merge of `extends` and validation all recurse, so a file nested thousands deep
 * is refused before any of them sees it.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * The widest indentation a line of a scenario file may have, counting the `- `, `? ` and `: `
 * indicators that open block lists and mappings on the line: 1,000 columns. Each level of block
 * nesting takes at least one column, and the YAML parser itself recurses once per level when the
 * text returns to a lower indentation (3,000 levels overflow its stack), so this bound is checked
 * on the raw text, before the parser sees it; the 64 levels below are checked after.
 */
export const MAX_INDENT_COLUMNS = 1_000;

/** The offset of the first line indented wider than `max` columns (see MAX_INDENT_COLUMNS), or undefined. */
export function firstTooIndentedLine(text: string, max = MAX_INDENT_COLUMNS): number | undefined {
  const indent = /^[ \t]*(?:[-?:][ \t]+)*/gm;
  for (let match = indent.exec(text); match !== null; match = indent.exec(text)) {
    if (match[0].length > max) return match.index;
    if (match[0].length === 0) indent.lastIndex++; // an empty match must not stop the scan
  }
  return undefined;
}

/**
 * The offset of the first list or mapping of a parsed (CST) token nested more than `max` deep,
 * or undefined. Walks with its own stack: the token may be nested arbitrarily deep.
 */
export function firstTooDeepOffset(token: CST.Token, max = MAX_NESTING_DEPTH): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = [{ token, depth: 0 }];
  while (stack.length > 0) {
    const { token: current, depth } = stack.pop()!;
    switch (current.type) {
      case 'document':
        if (current.value) stack.push({ token: current.value, depth });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > max) return current.offset;
        for (const item of current.items as CST.CollectionItem[]) {
          if (item.key) stack.push({ token: item.key, depth: depth + 1 });
          if (item.value) stack.push({ token: item.value, depth: depth + 1 });
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

/**
 * The path of the first list or mapping of a plain value nested more than `max` deep (aliases
 * expanded can nest deeper than the text), or undefined. The value must have no cycles.
 */
export function firstTooDeepPath(value: unknown, max = MAX_NESTING_DEPTH): FieldPath | undefined {
  const stack: { value: unknown; path: FieldPath }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (path.length + 1 > max) return path;
    const entries: [string | number, unknown][] = Array.isArray(current) ? current.map((item, index) => [index, item]) : Object.entries(current);
    for (const [step, item] of entries) {
      if (item !== null && typeof item === 'object') stack.push({ value: item, path: [...path, step] });
    }
  }
  return undefined;
}
