import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELT_COLUMNS } from '../../src/ledger/event-loss-table.ts';
import { ELT_NET_COLUMNS } from '../../src/ledger/net-event-loss-table.ts';
import { ALLOCATION_TABLE } from '../../src/report/allocation-csv.ts';
import { CONVERGENCE_TABLE } from '../../src/report/convergence-csv.ts';
import { DISTRIBUTION_TABLE } from '../../src/report/distribution-csv.ts';
import { EP_TABLE } from '../../src/report/ep-csv.ts';
import { INSURANCE_TABLE } from '../../src/report/insurance-csv.ts';
import { PERIL_SUMMARY_TABLE } from '../../src/report/peril-summary-csv.ts';
import { SUMMARY_TABLE } from '../../src/report/summary-csv.ts';
import { TOLERANCE_TABLE } from '../../src/report/tolerance-csv.ts';
import { YLT_COLUMNS } from '../../src/report/ylt-csv.ts';
import { PROJECT_ROOT } from '../helpers/run-cli.ts';

/**
 * The README's table of output files lists each CSV's columns, as `strategy, bearer, …`: they must
 * be the columns its table describes (src/report/*-csv.ts, the ledger's big tables), so the
 * documentation cannot drift from the one description the writer, the reader and the record
 * type come from.
 */

/** The column lists (backquoted, comma-separated names) of the README's row for `file`. */
function documentedColumns(file: string): string[][] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const row = readme.split('\n').find((line) => line.startsWith(`| \`${file}\` |`));
  expect(row, `a row for ${file} in the README's table of outputs`).toBeDefined();
  return [...row!.matchAll(/`([a-z0-9_]+(?:, [a-z0-9_]+)+)`/g)].map((match) => match[1]!.split(', '));
}

describe("the README's columns of each CSV", () => {
  it("are summary.csv's: the statistics, then their intervals; peril_summary.csv's statistics", () => {
    const [statistics, intervals] = documentedColumns('summary.csv');
    expect([...statistics!, ...intervals!]).toEqual(SUMMARY_TABLE.columns);
    expect(statistics).toEqual(SUMMARY_TABLE.olderColumns);
    expect(documentedColumns('peril_summary.csv')[0]).toEqual(PERIL_SUMMARY_TABLE.olderColumns);
  });

  it.each([
    ['ep.csv', EP_TABLE.columns],
    ['convergence.csv', CONVERGENCE_TABLE.columns],
    ['allocation.csv', ALLOCATION_TABLE.columns],
    ['insurance.csv', INSURANCE_TABLE.columns],
    ['tolerance.csv', TOLERANCE_TABLE.columns],
    ['distribution.csv', DISTRIBUTION_TABLE.columns],
    ['elt.csv', Object.keys(ELT_COLUMNS)],
    ['elt_net.csv', Object.keys(ELT_NET_COLUMNS)],
    ['ylt.csv', Object.keys(YLT_COLUMNS)],
  ])("are %s's", (file, columns) => {
    expect(documentedColumns(file)[0]).toEqual(columns);
  });
});
