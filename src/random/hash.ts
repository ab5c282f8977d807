/**
 * Cheap numeric hashing for deriving generator states (32-bit, murmur3-style mixing).
 */

/** Finalises a 32-bit value with murmur3's avalanche mix; returns an unsigned 32-bit integer. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines a running hash with one more 32-bit word (murmur3's block step). */
export function combine32(hash: number, word: number): number {
  let k = Math.imul(word | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let h = (hash ^ k) | 0;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) >>> 0;
}

/** Hashes a string (UTF-16 code units, FNV-1a then mixed) to an unsigned 32-bit integer. */
export function hashString(text: string): number {
  return mix32(continueFnv(FNV_OFFSET, text));
}

/** The FNV-1a state before any text: `hashString(a + b)` is `mix32(continueFnv(continueFnv(FNV_OFFSET, a), b))`. */
export const FNV_OFFSET = 0x811c9dc5;

/**
 * Continues FNV-1a over `text` from `state` (a state from `FNV_OFFSET` or an earlier call): hashes
 * a name built of parts without building the string.
 */
export function continueFnv(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}
