import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, runCli } from '../helpers/run-cli.ts';

/**
 * The default scenario models the data subjects (MODEL §13, "Buyers' own loss"): a short
 * in-process run of scenarios/marketplace.yaml gives the `buyers` row of summary.csv a positive
 * mean, and allocation.csv shows where it comes from: their own costs of breaches and
 * mishandlings (less class-action awards), and the card networks' claims on the breached parties.
 */
describe('the default scenario, its data subjects and its vendor', () => {
  it('gives buyers a positive mean loss from their own breach costs', async () => {
    const out = makeTempFolder('buyers');
    const result = await runCli(['run', 'scenarios/marketplace.yaml', '--trials', '400', '--out', out, '--no-charts', '--quiet']);
    expectExit(result, 0);
    const summary = readFileSync(join(out, 'summary.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    const header = summary[0]!;
    const buyers = summary.find((row) => row[1] === 'buyers')!;
    expect(Number(buyers[header.indexOf('mean')])).toBeGreaterThan(0);
    // A vendor is a party: the pro sellers' repricing tool answers for its own bugs under its licence.
    const vendor = summary.find((row) => row[1] === 'vendor:repricer-tool')!;
    expect(Number(vendor[header.indexOf('mean')])).toBeGreaterThan(0);
    const allocation = readFileSync(join(out, 'allocation.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    const kinds = new Set(allocation.filter((row) => row[3] === 'buyers').map((row) => row[2]));
    // Their own breach costs, and what they do not claim of refunds and sellers' debts (claim_rate).
    expect([...kinds]).toEqual(expect.arrayContaining(['data_subject_costs', 'buyer_loss']));
    expect(allocation.some((row) => row[2] === 'card_reissue_claim' && row[3] === 'processor:payments')).toBe(true);
  });
});
