import { describe, expect, it } from 'vitest';

describe('the Buffer equality tester (test/setup/buffer-equality.ts)', () => {
  it('tells report snapshots apart by one byte, and finds equal bytes equal', () => {
    const bytes = Buffer.alloc(100_000, 7);
    const changed = Buffer.from(bytes);
    changed[99_999] = 8;
    expect(new Map([['summary.csv', Buffer.from(bytes)]])).toEqual(new Map([['summary.csv', bytes]]));
    expect(new Map([['summary.csv', changed]])).not.toEqual(new Map([['summary.csv', bytes]]));
    expect(Buffer.from('a')).not.toEqual(Buffer.from('ab'));
  });
});
