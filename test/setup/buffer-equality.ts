import { expect } from 'vitest';

/**
 * Buffers are equal when their bytes are (`Buffer.equals`): vitest's own deep equality walks a
 * Buffer byte by byte, which made comparing two report folders (`snapshotFolder`) take seconds.
 */
expect.addEqualityTesters([
  function buffersEqual(a: unknown, b: unknown): boolean | undefined {
    return Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : undefined;
  },
]);
