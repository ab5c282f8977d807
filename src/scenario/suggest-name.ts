/**
 * "Did you mean" suggestions for misspelt field names and values.
 */

/** The known name closest to `word` by edit distance, if it is close enough to be a likely typo. */
export function suggestName(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const tolerance = Math.max(2, Math.floor(word.length / 3));
  for (const candidate of known) {
    // The distance is at least the difference in length: a far longer word (a pasted paragraph)
    // is no typo, and is not compared letter by letter.
    if (Math.abs(candidate.length - word.length) > tolerance) continue;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= tolerance ? best : undefined;
}

/**
 * The one known name whose `_`-separated words include all the words of `word`, for a name
 * written short: `contractual` for `contractual_liability`, `fines` for `regulatory_fines`.
 * Undefined when none or several match.
 */
export function suggestByWords(word: string, known: readonly string[]): string | undefined {
  const words = word
    .toLowerCase()
    .split(/[_\s-]+/)
    .filter((part) => part.length > 0);
  if (words.length === 0 || word.length < 3) return undefined;
  const matches = known.filter((candidate) => {
    const parts = candidate.toLowerCase().split('_');
    return candidate.toLowerCase() !== word.toLowerCase() && words.every((part) => parts.includes(part));
  });
  return matches.length === 1 ? matches[0] : undefined;
}

/** Levenshtein distance, with an adjacent transposition counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}
