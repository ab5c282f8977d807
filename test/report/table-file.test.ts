import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TableFile } from '../../src/report/table-file.ts';
import { memoryStaging } from '../helpers/memory-staging.ts';

/** Rows 1..n as `k,k²\r\n`, fed in pieces of the given sizes (cycled). */
function feed(file: TableFile, n: number, pieces: number[]): void {
  let row = 1;
  for (let p = 0; row <= n; p++) {
    const size = Math.min(pieces[p % pieces.length]!, n - row + 1);
    let text = '';
    for (let k = row; k < row + size; k++) text += `${k},${k * k}\r\n`;
    file.add(text, size);
    row += size;
  }
  file.close();
}

describe('TableFile', () => {
  it('writes the same gzip bytes however the rows arrive, in members of 50,000 rows that decompress to the plain text', () => {
    const written = [[1], [7, 50_000, 3], [120_001], [49_999, 2]].map((pieces) => {
      const { staging, files } = memoryStaging();
      feed(new TableFile(staging, 't.csv', 'k,square\r\n', true), 120_001, pieces);
      expect([...files.keys()]).toEqual(['t.csv.gz']);
      return files.get('t.csv.gz')!;
    });
    for (const bytes of written.slice(1)) expect(bytes.equals(written[0]!)).toBe(true);
    const plain = memoryStaging();
    feed(new TableFile(plain.staging, 't.csv', 'k,square\r\n', false), 120_001, [1000]);
    expect(gunzipSync(written[0]!).equals(plain.files.get('t.csv')!)).toBe(true);
    // Three members: rows 1–50,000 (with the header), 50,001–100,000 and the last 20,001.
    const starts = [0];
    const magic = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]);
    for (let at = written[0]!.indexOf(magic, 1); at > 0; at = written[0]!.indexOf(magic, at + 1)) starts.push(at);
    expect(starts).toHaveLength(3);
    const members = starts.map((start, i) => gunzipSync(written[0]!.subarray(start, starts[i + 1])).toString());
    expect(members.map((text) => text.split('\r\n').length - 1)).toEqual([50_001, 50_000, 20_001]);
    expect(members[1]!.startsWith('50001,')).toBe(true);
  });

  it('writes a table of no rows: the header alone, plain or as one member', () => {
    const { staging, files } = memoryStaging();
    new TableFile(staging, 'a.csv', 'x\r\n', true).close();
    new TableFile(staging, 'b.csv', 'x\r\n', false).close();
    expect(gunzipSync(files.get('a.csv.gz')!).toString()).toBe('x\r\n');
    expect(files.get('b.csv')!.toString()).toBe('x\r\n');
  });
});
