import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectExit } from '../helpers/expect-exit.ts';
import { PROJECT_ROOT, runCli } from '../helpers/run-cli.ts';
import { fixture, issuesOf } from '../helpers/scenario-issues.ts';

const FILE = fixture('bad-buyers/buyers-claims.yaml');

describe("bad input for buyers' claims, the guarantee's limits, misconduct windows and sellers' posture", () => {
  it('lists every problem with its line, column, path and what was expected', () => {
    expect(issuesOf(FILE).map(({ line, column, path, message }) => `${line}:${column} ${path}: ${message}`)).toEqual([
      '7:28 market.buyers.claim_rate.refunds: expected a number from 0 to 1, got 1.5',
      '9:79 market.sellers[0].security_posture: expected a number from 0 to 1, got -0.1',
      '12:26 contracts.seller_terms.guarantee_order_cap: expected buyer_guarantee: true (guarantee_order_cap limits the buyer guarantee), got buyer_guarantee: false (the default when absent)',
      '13:27 contracts.seller_terms.guarantee_exclusions: expected buyer_guarantee: true (guarantee_exclusions limits the buyer guarantee), got buyer_guarantee: false (the default when absent)',
      '13:28 contracts.seller_terms.guarantee_exclusions[0]: expected one of counterfeit, misdescribed, undelivered, got "counterfeet" (did you mean "counterfeit"?)',
      '21:18 incidents[0].window_days: expected a number of days above 0, got 0',
    ]);
  });

  it('refuses the guarantee limits without the guarantee, each at its own line', () => {
    const issues = issuesOf(fixture('bad-buyers/guarantee-without-guarantee.yaml'));
    expect(issues.map(({ line, column, path, message }) => `${line}:${column} ${path}: ${message}`)).toEqual([
      '8:26 contracts.seller_terms.guarantee_order_cap: expected buyer_guarantee: true (guarantee_order_cap limits the buyer guarantee), got buyer_guarantee: false (the default when absent)',
      '9:27 contracts.seller_terms.guarantee_exclusions: expected buyer_guarantee: true (guarantee_exclusions limits the buyer guarantee), got buyer_guarantee: false (the default when absent)',
    ]);
  });

  it('makes validate exit 2 with the location of each problem', async () => {
    const run = await runCli(['validate', join(PROJECT_ROOT, 'test/fixtures/scenarios/bad-buyers/guarantee-without-guarantee.yaml')]);
    expectExit(run, 2);
    expect(run.stderr).toContain('guarantee-without-guarantee.yaml:8:26');
    expect(run.stderr).toContain('contracts.seller_terms.guarantee_order_cap');
    expect(run.stderr).toContain('expected buyer_guarantee: true');
  });
});
