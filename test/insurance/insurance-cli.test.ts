import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSURANCE_COLUMNS } from '../../src/report/insurance-csv.ts';
import type { RunManifest } from '../../src/report/run-manifest.ts';
import type { ExplainedIncident, YearExplanation } from '../../src/report/year-explanation.ts';
import { makeTempFolder, parseCsv, runCli, type CliResult } from '../helpers/run-cli.ts';
import { expectExit } from '../helpers/expect-exit.ts';

/**
 * An insurance program end to end through `faultline run` and `faultline explain`, on a
 * deterministic scenario: four scheduled loss events borne by the platform, constant amounts, so
 * every trial is the same year and every figure is exact.
 *
 * Primary `primary`: retention 10,000, limit 30,000, aggregate 50,000, war excluded, premium 40,000.
 * Layer `excess` over it: 20,000 xs 40,000 (where the primary is used up) at a 50% line,
 * aggregate 30,000, premium 5,000. Policy `unused`: forensics only, which no loss is; premium 1,000.
 *
 * | incident | loss    | primary                                         | excess                        |
 * |----------|---------|-------------------------------------------------|-------------------------------|
 * | feb      | 60,000  | 60,000 − 10,000 = 50,000 → limit 30,000 (util 1) | min(20,000, 20,000) × 0.5 = 10,000 (util 1) |
 * | mar      | 25,000  | 15,000 (util 0.5); aggregate left 50,000 − 45,000 = 5,000 | below the attachment |
 * | apr      | 45,000  | 35,000 → 30,000 → aggregate: 5,000 (util 1), exhausted | 5,000 × 0.5 = 2,500 (util 0.25) |
 * | war      | 100,000 | excluded (war): 0                               | nothing above a denial        |
 *
 * Insurer primary: 50,000 a year; excess: 12,500; unused: 0. The platform: 230,000 − 62,500 = 167,500.
 * Largest single occurrence: primary 30,000, excess 10,000, platform 100,000 (the war loss).
 */
const SCENARIO = `
name: insured-year
seed: 7
trials: 50
inject:
  - { type: loss_event, name: feb, at: "2027-02-01", loss: { dist: constant, value: 60000 }, bearer: platform, coverage: third_party_damages }
  - { type: loss_event, name: mar, at: "2027-03-01", loss: { dist: constant, value: 25000 }, bearer: platform, coverage: third_party_damages }
  - { type: loss_event, name: apr, at: "2027-04-01", loss: { dist: constant, value: 45000 }, bearer: platform, coverage: third_party_damages }
  - { type: loss_event, name: war, at: "2027-05-01", loss: { dist: constant, value: 100000 }, bearer: platform, coverage: third_party_damages, attributes: [war] }
insurance:
  policies:
    - name: primary
      insured: platform
      covers: [third_party_damages]
      exclusions: [war]
      retention: 10000
      limit: 30000
      aggregate_limit: 50000
      premium: 40000
    - { name: unused, insured: platform, covers: [forensics], limit: 10000, premium: 1000 }
  layers:
    - { name: excess, over: primary, attachment: 40000, limit: 20000, share: 0.5, aggregate_limit: 30000, premium: 5000 }
`;
const TRIALS = 50;
const RETURN_PERIODS = [2, 5, 10, 25, 50];

const root = makeTempFolder('faultline-insurance');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = join(root, 'insured-year.yaml');
const out = join(root, 'report');

function read(name: string): string {
  return readFileSync(join(out, name), 'utf8');
}

let run: CliResult;
let explainJson: CliResult;
let explainText: CliResult;
beforeAll(async () => {
  writeFileSync(file, SCENARIO);
  [run, explainJson, explainText] = await Promise.all([
    runCli(['run', file, '--out', out, '--quiet', '--workers', '2']),
    runCli(['explain', file, '--trial', '1', '--format', 'json']),
    runCli(['explain', file, '--trial', '1']),
  ]);
});

describe('faultline run with an insurance program', () => {
  beforeAll(() => expectExit(run, 0));

  it('exits 0 and writes insurance.csv with the columns of the report', () => {
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
    const text = read('insurance.csv');
    expect(text.split('\r\n')[0]).toBe(INSURANCE_COLUMNS.join(','));
    expect(parseCsv(text).header).toEqual([...INSURANCE_COLUMNS]);
  });

  it('writes one row per policy and layer, each policy followed by its layers, with the exact figures', () => {
    const { rows } = parseCsv(read('insurance.csv'));
    expect(rows.map((row) => row.policy)).toEqual(['primary', 'excess', 'unused']);
    const [primary, excess, unused] = rows;
    expect(primary).toEqual({
      strategy: 'baseline',
      policy: 'primary',
      kind: 'policy',
      insured: 'platform',
      over: '',
      attachment: '10000.00', // a policy's retention
      limit: '30000.00',
      share: '1.000000',
      aggregate_limit: '50000.00',
      premium: '40000.00',
      premium_basis: 'fixed',
      expected_loss: '50000.00', // 30,000 + 15,000 + 5,000 every year
      sd: '0.00',
      se_mean: '0.00',
      loss_ratio: '1.250000', // 50,000 / 40,000
      prob_attach: '1.000000',
      prob_exhaust: '1.000000', // used up by apr every year
      occurrences_per_year: '3.000000', // feb, mar, apr (the denied war loss paid nothing)
      mean_limit_utilisation: '0.833333', // (1 + 0.5 + 1) / 3
      p99: '50000.00',
      tvar_99: '50000.00',
    });
    expect(excess).toEqual({
      strategy: 'baseline',
      policy: 'excess',
      kind: 'layer',
      insured: 'platform',
      over: 'primary',
      attachment: '40000.00',
      limit: '20000.00',
      share: '0.500000',
      aggregate_limit: '30000.00',
      premium: '5000.00',
      premium_basis: 'fixed',
      expected_loss: '12500.00', // 10,000 + 2,500
      sd: '0.00',
      se_mean: '0.00',
      loss_ratio: '2.500000', // 12,500 / 5,000
      prob_attach: '1.000000',
      prob_exhaust: '0.000000', // 17,500 of its 30,000 left
      occurrences_per_year: '2.000000',
      mean_limit_utilisation: '0.625000', // (1 + 0.25) / 2
      p99: '12500.00',
      tvar_99: '12500.00',
    });
    expect(unused).toMatchObject({
      kind: 'policy',
      attachment: '0.00',
      aggregate_limit: '10000.00', // the default: limit × share
      premium: '1000.00',
      expected_loss: '0.00',
      loss_ratio: '0.000000',
      prob_attach: '0.000000',
      prob_exhaust: '0.000000',
      occurrences_per_year: '0.000000',
      mean_limit_utilisation: '0.000000',
    });
  });

  it('reports each insurer as a bearer `insurer:<policy>` in summary.csv, and the platform net of its recoveries', () => {
    const { rows } = parseCsv(read('summary.csv'));
    const byBearer = new Map(rows.map((row) => [row.bearer, row]));
    expect([...byBearer.keys()].sort()).toEqual(['insurer:excess', 'insurer:primary', 'insurer:unused', 'platform']);
    const expected: Record<string, [mean: string, probLoss: string]> = {
      platform: ['167500.00', '1.000000'], // 230,000 − 50,000 − 12,500
      'insurer:primary': ['50000.00', '1.000000'],
      'insurer:excess': ['12500.00', '1.000000'],
      'insurer:unused': ['0.00', '0.000000'],
    };
    for (const [bearer, [mean, probLoss]] of Object.entries(expected)) {
      const row = byBearer.get(bearer)!;
      expect(row, bearer).toMatchObject({ trials: String(TRIALS), mean, sd: '0.00', prob_loss: probLoss, p99: mean, tvar_99: mean, max: mean });
    }
  });

  it("writes each insurer's exceedance curves in ep.csv: the year's total (AEP) and its largest occurrence (OEP)", () => {
    const { rows } = parseCsv(read('ep.csv'));
    const curve = (bearer: string, basis: string, peril = 'all') => rows.filter((row) => row.bearer === bearer && row.peril === peril && row.basis === basis);
    const expected: Record<string, [aep: string, oep: string]> = {
      'insurer:primary': ['50000.00', '30000.00'],
      'insurer:excess': ['12500.00', '10000.00'],
      'insurer:unused': ['0.00', '0.00'],
      platform: ['167500.00', '100000.00'],
    };
    for (const [bearer, [aep, oep]] of Object.entries(expected)) {
      expect(
        curve(bearer, 'AEP').map((row) => [Number(row.return_period), row.loss]),
        bearer,
      ).toEqual(RETURN_PERIODS.map((period) => [period, aep]));
      expect(
        curve(bearer, 'OEP').map((row) => [Number(row.return_period), row.loss]),
        bearer,
      ).toEqual(RETURN_PERIODS.map((period) => [period, oep]));
      // Every incident is a loss_event (injected): that peril's curves are the total's.
      for (const basis of ['AEP', 'OEP'])
        expect(
          curve(bearer, basis, 'loss_event').map((row) => row.loss),
          `${bearer} loss_event`,
        ).toEqual(curve(bearer, basis).map((row) => row.loss));
    }
    expect(new Set(rows.map((row) => row.peril))).toEqual(new Set(['all', 'loss_event']));
  });

  it('books recoveries as insurance_recovery transfers in allocation.csv', () => {
    const { rows } = parseCsv(read('allocation.csv'));
    const recoveries = rows.filter((row) => row.component === 'insurance_recovery').map((row) => [row.bearer, row.mean_annual]);
    expect(recoveries.sort()).toEqual([
      ['insurer:excess', '12500.00'],
      ['insurer:primary', '50000.00'],
      ['platform', '-62500.00'],
    ]);
  });

  it('records the premiums and the insurer bearers in run.json', () => {
    const manifest = JSON.parse(read('run.json')) as RunManifest;
    expect(manifest.premiums).toEqual({ baseline: { primary: 40_000, excess: 5_000, unused: 1_000 } });
    expect(manifest.bearers).toEqual(['platform', 'insurer:excess', 'insurer:primary', 'insurer:unused']);
    expect(manifest.trials).toBe(TRIALS);
  });
});

describe('faultline explain with an insurance program', () => {
  let explanation: YearExplanation;
  let incidents: Map<string, ExplainedIncident>;
  beforeAll(() => {
    expectExit(explainJson, 0);
    explanation = JSON.parse(explainJson.stdout) as YearExplanation;
    incidents = new Map(explanation.incidents.map((incident) => [incident.name, incident]));
  });

  /** An incident's recoveries as `policy amount [reason=amount, …]`. */
  function recoveries(name: string): string[] {
    return incidents.get(name)!.recoveries.map((r) => `${r.policy} ${r.amount} [${r.trail.map((step) => `${step.rule}:${step.reason}=${String(step.other?.amount ?? '')}`).join(', ')}]`);
  }

  it("lists each incident's recoveries with the trail of every term that bit", () => {
    expect([...incidents.keys()]).toEqual(['feb', 'mar', 'apr', 'war']);
    expect(recoveries('feb')).toEqual(['primary 30000 [insurance:retention=10000, insurance:limit=20000]', 'excess 10000 [insurance:attachment=40000, insurance:share=10000]']);
    expect(recoveries('mar')).toEqual(['primary 15000 [insurance:retention=10000]']);
    expect(recoveries('apr')).toEqual([
      'primary 5000 [insurance:retention=10000, insurance:limit=5000, insurance:aggregate_binding=25000]',
      'excess 2500 [insurance:attachment=40000, insurance:share=2500]',
    ]);
  });

  it('shows a denied occurrence as a recovery of 0 with the reason and the amount denied', () => {
    expect(recoveries('war')).toEqual(['primary 0 [insurance:excluded_war=100000]']);
    expect(incidents.get('war')!.recoveries[0]!.insured).toBe('platform');
    expect(incidents.get('war')!.net).toEqual([{ bearer: 'platform', amount: 100_000 }]);
  });

  it('nets each incident and the year: the insurer carries what it paid, the platform the rest', () => {
    expect(incidents.get('feb')!.net).toEqual([
      { bearer: 'platform', amount: 20_000 },
      { bearer: 'insurer:excess', amount: 10_000 },
      { bearer: 'insurer:primary', amount: 30_000 },
    ]);
    expect(incidents.get('apr')!.net).toEqual([
      { bearer: 'platform', amount: 37_500 },
      { bearer: 'insurer:excess', amount: 2_500 },
      { bearer: 'insurer:primary', amount: 5_000 },
    ]);
    expect(explanation.totals).toEqual([
      { bearer: 'platform', suffered: 230_000, carried: 230_000, insurance: -62_500, net: 167_500 },
      { bearer: 'insurer:excess', suffered: 0, carried: 0, insurance: 12_500, net: 12_500 },
      { bearer: 'insurer:primary', suffered: 0, carried: 0, insurance: 50_000, net: 50_000 },
      { bearer: 'insurer:unused', suffered: 0, carried: 0, insurance: 0, net: 0 },
    ]);
    expect(explanation.paid_most).toMatchObject({ bearer: 'platform', net: 167_500 });
  });

  it('says the same in words', () => {
    expectExit(explainText, 0);
    const text = explainText.stdout;
    expect(text).toContain('insurance primary');
    expect(text).toMatch(/The policy excludes war: (USD )?100,000 denied\./);
    expect(text).toMatch(/insurer:primary +0 +0 +50,000 +50,000\n/);
    expect(text).toMatch(/platform +230,000 +230,000 +-62,500 +167,500\n/);
  });
});
