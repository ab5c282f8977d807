import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BATCH_SUMMARY_COLUMNS, batchSummaryCsv, type BatchSummaryRow } from '../../src/report/batch-summary-csv.ts';
import { restoreCsvText, toCsv } from '../../src/report/to-csv.ts';
import { BEARER_PATTERN } from '../../src/scenario/schema/bearer.ts';
import { NAME_PATTERN } from '../../src/scenario/schema/names.ts';
import { makeTempFolder, PROJECT_ROOT, runCli } from '../helpers/run-cli.ts';
import { expectExit } from '../helpers/expect-exit.ts';

/**
 * CSV formula injection (issue 14): a text cell that begins with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is written with a `'` in front (OWASP), in every CSV, while numbers stay numbers
 * and what the project reads back comes back as it was.
 */

const LOSS_EVENT = join(PROJECT_ROOT, 'test/fixtures/scenarios/good/loss-event.yaml');
const root = makeTempFolder('faultline-csv-injection');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The records of CSV text, as a spreadsheet or csv-parse reads them (header included). */
function records(text: string): string[][] {
  return parse(text) as string[][];
}

describe('toCsv', () => {
  it.each([['=HYPERLINK("http://evil.example","x")'], ['+1+2'], ['-2+3'], ['@SUM(A1:A9)'], ['\t=1+2'], ['\r=1+2']])('writes the text cell %j with a leading quote', (text) => {
    expect(records(toCsv(['a'], [[text]]))[1]).toEqual([`'${text}`]);
  });

  it('leaves numbers as they are: number cells and text that is a plain number', () => {
    const cells = [-1234.5, '-1234.50', '-0.000001', '+5', '-1e-7', 0, 1e21, -Infinity];
    expect(
      records(
        toCsv(
          cells.map((_, index) => `c${index}`),
          [cells],
        ),
      )[1],
    ).toEqual(['-1234.5', '-1234.50', '-0.000001', '+5', '-1e-7', '0', '1e+21', '-Infinity']);
  });

  it('leaves other text as it is, a leading quote before ordinary text included', () => {
    const cells = ['platform', 'insurer:cyber', "'quoted", 'a=b', ' =1', ''];
    expect(records(toCsv(['a', 'b', 'c', 'd', 'e', 'f'], [cells]))[1]).toEqual(cells);
  });

  it('gives back every text through restoreCsvText, after a CSV reader', () => {
    const risky = fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", '1', ',', '"', '\n');
    const text = fc.oneof(
      fc.string(),
      fc.array(risky, { maxLength: 6 }).map((parts) => parts.join('')),
      fc.tuple(fc.array(risky, { maxLength: 3 }), fc.string()).map(([start, rest]) => start.join('') + rest),
    );
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (cells) => {
        const [, row] = records(
          toCsv(
            cells.map((_, index) => `c${index}`),
            [cells],
          ),
        );
        expect(row!.map(restoreCsvText)).toEqual(cells);
        // What a spreadsheet sees never begins a formula, unless it is a plain number.
        for (const cell of row!) expect(/^[=+\-@\t\r]/.test(cell) && !/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(cell), JSON.stringify(cell)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('has nothing to neutralise in the names the project reads back: scenario names start with a letter or a digit', () => {
    for (const name of ['=cmd', '+1', '-x', '@x', '\tx', '\rx', "'x"]) {
      expect(NAME_PATTERN.test(name), name).toBe(false);
      expect(BEARER_PATTERN.test(name), name).toBe(false);
    }
  });
});

describe('batch-summary.csv', () => {
  const empty = Object.fromEntries(BATCH_SUMMARY_COLUMNS.map((column) => [column, ''])) as BatchSummaryRow;

  it('neutralises file, report and error cells, not the figures', () => {
    const text = batchSummaryCsv([
      { ...empty, scenario: 'a', file: '=cmd|"/c calc"!A1.yaml', status: 'failed', error: '-x.yaml:1:1: expected a mapping' },
      {
        ...empty,
        scenario: 'b',
        file: '@b.yaml',
        status: 'ok',
        strategy: 'baseline',
        bearer: 'insurer:cyber',
        trials: '100',
        mean: '-1234.50',
        se_mean: '12.00',
        p99: '0.00',
        tvar_99: '0.00',
        prob_loss: '0.010000',
        report: '+out/b',
      },
    ]);
    const [, failed, ok] = records(text);
    expect(failed).toEqual(['a', `'=cmd|"/c calc"!A1.yaml`, 'failed', '', '', '', '', '', '', '', '', '', "'-x.yaml:1:1: expected a mapping"]);
    expect(ok).toEqual(['b', "'@b.yaml", 'ok', 'baseline', 'insurer:cyber', '100', '-1234.50', '12.00', '0.00', '0.00', '0.010000', "'+out/b", '']);
  });

  it('from a batch of files whose names begin with = and + (in a folder of their own)', async () => {
    const cwd = makeTempFolder('faultline-csv-injection-batch');
    try {
      copyFileSync(LOSS_EVENT, join(cwd, '+good.yaml'));
      writeFileSync(join(cwd, '=broken.yaml'), 'name: broken\nincidents: 3\n');
      const result = await runCli(['batch', '+good.yaml', '=broken.yaml', '--trials', '200', '--no-charts', '--quiet', '--out', 'out'], { cwd });
      expectExit(result, 2);
      const [header, ...rows] = records(readFileSync(join(cwd, 'out', 'batch-summary.csv'), 'utf8'));
      expect(header).toEqual([...BATCH_SUMMARY_COLUMNS]);
      const column = (row: string[], name: (typeof BATCH_SUMMARY_COLUMNS)[number]) => row[BATCH_SUMMARY_COLUMNS.indexOf(name)]!;
      const ok = rows.find((row) => column(row, 'status') === 'ok')!;
      const failed = rows.find((row) => column(row, 'status') === 'failed')!;
      expect(column(ok, 'file')).toBe("'+good.yaml");
      expect(Number(column(ok, 'mean'))).toBeGreaterThan(0);
      expect(column(failed, 'file')).toBe("'=broken.yaml");
      expect(column(failed, 'error')).toMatch(/^'=broken\.yaml:2:/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('sweep.csv', () => {
  it('neutralises swept text values; money stays as written', async () => {
    const out = join(root, 'sweep');
    const result = await runCli(['sweep', LOSS_EVENT, '--set', 'description==1+2,"@SUM(A1)",-2+3,"-1234.5"', '--trials', '200', '--no-charts', '--quiet', '--out', out]);
    expectExit(result, 0);
    const [, ...rows] = records(readFileSync(join(out, 'sweep.csv'), 'utf8'));
    expect(rows.map((row) => row[0])).toEqual(["'=1+2", "'@SUM(A1)", "'-2+3", '-1234.5']);
    for (const row of rows)
      expect(
        row.slice(3, 9).every((cell) => /^-?\d+\.\d{2}$/.test(cell)),
        row.join(','),
      ).toBe(true);
  });
});
