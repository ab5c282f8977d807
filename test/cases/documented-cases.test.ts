import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, parseCsv, PROJECT_ROOT, runCli, scenarioWriter } from '../helpers/run-cli.ts';

/**
 * The documented cases of scenarios/cases/ (issue 13): each scenario, run at its own seed and trial
 * count, puts the largest mean loss on the party that bore most in the case, and matches the
 * documented totals within a factor of 2 (3 for fines). Beside each, the same case with one
 * mechanism taken out (through `extends`) misses its documented figure: so these tests fail if
 * the mechanism that makes the case come out right is removed.
 */
const caseFile = (name: string) => join(PROJECT_ROOT, 'scenarios/cases', `${name}.yaml`);
const variant = scenarioWriter('case-variant');

interface CaseRun {
  /** Mean annual loss by bearer (summary.csv, baseline). */
  mean: Map<string, number>;
  /** Mean annual amount by component and bearer (allocation.csv), keyed `component/bearer`. */
  component: Map<string, number>;
}

async function runCase(file: string): Promise<CaseRun> {
  const out = makeTempFolder('case');
  const result = await runCli(['run', file, '--out', out, '--no-charts', '--quiet']);
  expectExit(result, 0);
  const summary = parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8'));
  const allocation = parseCsv(readFileSync(join(out, 'allocation.csv'), 'utf8'));
  const component = new Map<string, number>();
  for (const row of allocation.rows) {
    const key = `${row.component}/${row.bearer}`;
    component.set(key, (component.get(key) ?? 0) + Number(row.mean_annual));
  }
  return { mean: new Map(summary.rows.map((row) => [row.bearer!, Number(row.mean)])), component };
}

/** The bearer with the largest mean loss. */
function topBearer(run: CaseRun): string {
  return [...run.mean].reduce((top, entry) => (entry[1] > top[1] ? entry : top))[0];
}

/** `value` is within a factor `factor` of `documented`. */
function expectWithinFactor(value: number, documented: number, factor: number): void {
  expect(value).toBeGreaterThanOrEqual(documented / factor);
  expect(value).toBeLessThanOrEqual(documented * factor);
}

describe('RepricerExpress, Amazon UK 2014: a vendor repricer sets 2,000 sellers to 1p', () => {
  const file = caseFile('repricerexpress-2014');
  // £10k–£100k a seller (CALIBRATION §3): the geometric middle, √(10k · 100k) ≈ £31.6k.
  const documentedPerSeller = Math.sqrt(10_000 * 100_000);

  it('leaves the loss with the sellers, within the documented £10k–£100k each; the vendor pays little, Amazon nothing', async () => {
    const run = await runCase(file);
    expect(topBearer(run)).toBe('sellers:repricer-users');
    const perSeller = run.mean.get('sellers:repricer-users')! / 2000;
    expectWithinFactor(perSeller, documentedPerSeller, 2);
    expect(perSeller).toBeGreaterThan(10_000);
    expect(perSeller).toBeLessThan(100_000);
    expect(run.mean.get('platform')).toBe(0);
    // The licence caps the vendor at a year of fees per seller unless grossly negligent.
    expect(run.mean.get('vendor:repricerexpress')!).toBeLessThan(0.1 * run.mean.get('sellers:repricer-users')!);
    expect(run.component.get('mispricing_loss/vendor:repricerexpress')).toBeGreaterThan(0);
  });

  it('misses the documented loss by orders of magnitude without the rush', async () => {
    const run = await runCase(variant({ extends: file, name: 'no-rush', inject: [{ name: 'one-penny-glitch', surge: { dist: 'constant', value: 1 } }] }));
    expect(run.mean.get('sellers:repricer-users')! / 2000).toBeLessThan(documentedPerSeller / 100);
  });
});

describe('6pm.com 2010: a pricing rule caps a first-party outlet at $49.95 for six hours', () => {
  const file = caseFile('6pm-2010');

  it('is the platform’s own loss, within ×2 of the documented $1.6M', async () => {
    const run = await runCase(file);
    expect(topBearer(run)).toBe('platform');
    expectWithinFactor(run.mean.get('platform')!, 1_600_000, 2);
    expect(run.mean.get('sellers:all')).toBe(0);
  });

  it('lands on sellers as a marketplace’s, and misses the loss without the rush', async () => {
    const marketplace = await runCase(variant({ extends: file, name: 'not-first-party', market: { first_party_share: 0, take_rate: 0.15 } }));
    expect(topBearer(marketplace)).toBe('sellers:all');
    const noRush = await runCase(variant({ extends: file, name: 'no-rush', inject: [{ name: 'price-cap-rule', surge: { dist: 'constant', value: 1 } }] }));
    expect(noRush.mean.get('platform')!).toBeLessThan(1_600_000 / 2);
  });
});

describe('British Airways 2018: a skimming script; the ICO fines £20M', () => {
  const file = caseFile('british-airways-2018');

  it('puts the loss on the controller and sizes the fine within ×3 of £20M by the EDPB method', async () => {
    const run = await runCase(file);
    expect(topBearer(run)).toBe('platform');
    expectWithinFactor(run.component.get('regulatory_fine/platform')!, 20_000_000, 3);
    expect(run.component.get('card_reissue_claim/platform')).toBeGreaterThan(0);
  });

  it('misses the fine when the legal maximum ignores turnover (the €20M floor alone)', async () => {
    const run = await runCase(variant({ extends: file, name: 'floor-only', regulation: { gdpr: { ceiling_turnover_share: 0 } } }));
    expect(run.component.get('regulatory_fine/platform')!).toBeLessThan(20_000_000 / 3);
  });
});

describe('Equifax 2017: 147M people’s identity data', () => {
  const file = caseFile('equifax-2017');

  it('costs the controller within ×2 of the $1.38B settlement: ≈$0.5B to consumers, $0.275B to regulators', async () => {
    const run = await runCase(file);
    expect(topBearer(run)).toBe('platform');
    expectWithinFactor(run.mean.get('platform')!, 1_380_000_000, 2);
    expectWithinFactor(run.component.get('class_action/platform')!, 380_500_000 + 125_000_000, 2);
    expectWithinFactor(run.component.get('us_regulatory_penalty/platform')!, 275_000_000, 3);
  });

  it('overshoots by a flat cost per record, as the first model did', async () => {
    const flat = { notification_exponent: 1, credit_monitoring_exponent: 1 };
    const run = await runCase(variant({ extends: file, name: 'flat-per-record', breach_costs: flat }));
    expect(run.mean.get('platform')!).toBeGreaterThan(1_380_000_000 * 2);
  });
});
