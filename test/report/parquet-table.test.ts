import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { ParquetTable, ROWS_PER_GROUP } from '../../src/report/parquet-table.ts';
import { memoryStaging } from '../helpers/memory-staging.ts';

const COLUMNS = { strategy: 'STRING', trial: 'INT32', name: 'STRING', net: 'DOUBLE' } as const;

/** Row k as CSV: a strategy, the trial k, a name that needs quoting now and then, and a money amount. */
const row = (k: number) => `s${k % 3},${k},${k % 1000 === 0 ? `"a, ""quoted"" name ${k}"` : `n${k % 17}`},${(k * 1.25).toFixed(2)}\r\n`;

/** Rows 1..n fed in pieces of the given sizes (cycled), then closed. */
function write(n: number, pieces: number[]): Buffer {
  const { staging, files } = memoryStaging();
  const table = new ParquetTable(staging, 't.parquet', COLUMNS);
  let next = 1;
  for (let p = 0; next <= n; p++) {
    const size = Math.min(pieces[p % pieces.length]!, n - next + 1);
    let text = '';
    for (let k = next; k < next + size; k++) text += row(k);
    table.add(text, size);
    next += size;
  }
  table.close();
  expect([...files.keys()]).toEqual(['t.parquet']);
  return files.get('t.parquet')!;
}

const arrayBuffer = (bytes: Buffer) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

describe('ParquetTable', () => {
  const n = 2 * ROWS_PER_GROUP + 12_345;

  it('writes the same bytes however the rows arrive, in row groups of ROWS_PER_GROUP rows', () => {
    const written = [[n], [7, ROWS_PER_GROUP, 3], [ROWS_PER_GROUP - 1, 2]].map((pieces) => write(n, pieces));
    for (const bytes of written.slice(1)) expect(bytes.equals(written[0]!)).toBe(true);
    const metadata = parquetMetadata(arrayBuffer(written[0]!));
    expect(metadata.row_groups.map((group) => Number(group.num_rows))).toEqual([ROWS_PER_GROUP, ROWS_PER_GROUP, 12_345]);
    expect(metadata.schema.slice(1).map((element) => [element.name, element.type, element.repetition_type])).toEqual([
      ['strategy', 'BYTE_ARRAY', 'REQUIRED'],
      ['trial', 'INT32', 'REQUIRED'],
      ['name', 'BYTE_ARRAY', 'REQUIRED'],
      ['net', 'DOUBLE', 'REQUIRED'],
    ]);
    expect(metadata.row_groups[0]!.columns.every((column) => column.meta_data?.codec === 'SNAPPY')).toBe(true);
  });

  it('reads back as the CSV rows: quoted text unquoted, integers and money as numbers', async () => {
    const records = (await parquetReadObjects({ file: arrayBuffer(write(3000, [1000])) })) as Record<string, unknown>[];
    expect(records).toHaveLength(3000);
    expect(records[0]).toEqual({ strategy: 's1', trial: 1, name: 'n1', net: 1.25 });
    expect(records[999]).toEqual({ strategy: 's1', trial: 1000, name: 'a, "quoted" name 1000', net: 1250 });
  });

  it('writes a table of no rows that reads back empty', async () => {
    const bytes = write(0, [1]);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(await parquetReadObjects({ file: arrayBuffer(bytes) })).toEqual([]);
  });
});
