import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempFolder, parseCsv, runCli } from '../helpers/run-cli.ts';

/**
 * Analytic check of the whole pipeline (issue 2, "Must hold"): a `loss_event` with Poisson
 * frequency λ and lognormal severity X given by p05/p95, one bearer, run through the CLI at
 * 10^5 trials. The annual loss S is compound Poisson, so
 *
 *   E[S] = λ·E[X],  Var[S] = λ·E[X²],  E[X^k] = exp(kμ + k²σ²/2),
 *   μ = (ln p05 + ln p95)/2,  σ = (ln p95 − ln p05)/(2·z95),  z95 = Φ⁻¹(0.95).
 *
 * How close the sample sd must be: by the delta method the relative standard error of the sample
 * sd is ½·√((κ4/κ2² + 2)/N), where κ2 = λE[X²] and κ4 = λE[X⁴] are cumulants of S, so
 * κ4/κ2² = exp(4σ²)/λ. For the p05 = 10,000, p95 = 1,000,000 (σ = 1.40) that is 5.6% at
 * N = 10^5: "a few percent" would be inside one standard error, and a test demanding it would
 * fail for many seeds. So the sd is held to a few percent on a moderate lognormal, p05 = 10,000
 * and p95 = 250,000 (σ = 0.98, standard error 0.8%, a 3% band is about 4 standard errors); the
 * issue's wide lognormal is held to its mean (3 se) and to its sd within 4 of its own, larger,
 * standard errors.
 */

const Z95 = 1.6448536269514722;
const LAMBDA = 2;
const TRIALS = 100_000;

interface Case {
  name: string;
  p05: number;
  p95: number;
  seed: number;
}

const WIDE: Case = { name: 'analytic-wide', p05: 10_000, p95: 1_000_000, seed: 20270101 };
const MODERATE: Case = { name: 'analytic-moderate', p05: 10_000, p95: 250_000, seed: 20270102 };

/** The compound Poisson moments of a case, and the relative standard error of a sample sd. */
function analytic({ p05, p95 }: Case) {
  const mu = (Math.log(p05) + Math.log(p95)) / 2;
  const sigma = (Math.log(p95) - Math.log(p05)) / (2 * Z95);
  const moment = (k: number) => Math.exp(k * mu + (k * k * sigma * sigma) / 2);
  const kurtosisRatio = Math.exp(4 * sigma * sigma) / LAMBDA; // κ4 / κ2²
  return {
    sigma,
    mean: LAMBDA * moment(1),
    sd: Math.sqrt(LAMBDA * moment(2)),
    relativeSeOfSd: 0.5 * Math.sqrt((kurtosisRatio + 2) / TRIALS),
    probLoss: 1 - Math.exp(-LAMBDA),
  };
}

function scenarioYaml({ name, p05, p95, seed }: Case): string {
  return [
    `name: ${name}`,
    `seed: ${seed}`,
    'incidents:',
    '  - type: loss_event',
    '    name: loss',
    `    frequency: { dist: poisson, mean: ${LAMBDA} }`,
    `    loss: { dist: lognormal, p05: ${p05}, p95: ${p95} }`,
    '    bearer: platform',
    '',
  ].join('\n');
}

const root = makeTempFolder('faultline-analytic');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The figures of summary.csv this test reads. */
interface SummaryFigures {
  trials: number;
  mean: number;
  sd: number;
  se_mean: number;
  prob_loss: number;
}

/** The summary.csv row of the platform after a CLI run of each case, by case name. */
const summaries = new Map<string, SummaryFigures>();

beforeAll(async () => {
  for (const item of [WIDE, MODERATE]) {
    const file = join(root, `${item.name}.yaml`);
    const out = join(root, item.name);
    writeFileSync(file, scenarioYaml(item));
    const result = await runCli(['run', file, '--trials', String(TRIALS), '--quiet', '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    const { rows } = parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8'));
    expect(rows.map((row) => row.bearer)).toEqual(['platform']);
    const row = rows[0]!;
    const figure = (column: keyof SummaryFigures) => Number(row[column]);
    summaries.set(item.name, {
      trials: figure('trials'),
      mean: figure('mean'),
      sd: figure('sd'),
      se_mean: figure('se_mean'),
      prob_loss: figure('prob_loss'),
    });
  }
});

describe.each([WIDE, MODERATE])('loss_event, Poisson λ = 2, lognormal p05 = $p05, p95 = $p95', (item) => {
  const expected = analytic(item);

  it('has a mean annual loss within 3 standard errors of λ·E[X]', () => {
    const row = summaries.get(item.name)!;
    expect(row.trials).toBe(TRIALS);
    expect(row.se_mean).toBeGreaterThan(0);
    const standardErrors = Math.abs(row.mean - expected.mean) / row.se_mean;
    expect(standardErrors, `mean ${row.mean} vs ${expected.mean.toFixed(2)} (se ${row.se_mean})`).toBeLessThan(3);
  });

  it('has a share of years with a loss within 3 standard errors of 1 − e^(−λ)', () => {
    const row = summaries.get(item.name)!;
    const se = Math.sqrt((expected.probLoss * (1 - expected.probLoss)) / TRIALS);
    expect(Math.abs(row.prob_loss - expected.probLoss)).toBeLessThan(3 * se);
  });

  it('has se_mean = sd/√N', () => {
    const row = summaries.get(item.name)!;
    expect(row.se_mean).toBeCloseTo(row.sd / Math.sqrt(TRIALS), 1);
  });
});

describe('the sd of the annual loss', () => {
  it('agrees with sqrt(λ·E[X²]) within 3% for a moderate lognormal (about 4 of its standard errors)', () => {
    const expected = analytic(MODERATE);
    expect(expected.sigma).toBeCloseTo(0.98, 2);
    // The band is wide enough to hold for nearly every seed, and still "a few percent".
    expect(3 * expected.relativeSeOfSd).toBeLessThan(0.03);
    const row = summaries.get(MODERATE.name)!;
    expect(Math.abs(row.sd / expected.sd - 1), `sd ${row.sd} vs ${expected.sd.toFixed(2)}`).toBeLessThan(0.03);
  });

  it("agrees with sqrt(λ·E[X²]) within 4 of its standard errors for the issue's wide lognormal", () => {
    const expected = analytic(WIDE);
    expect(expected.sigma).toBeCloseTo(1.4, 2);
    expect(expected.relativeSeOfSd).toBeGreaterThan(0.05); // why "a few percent" cannot be asked of it
    const row = summaries.get(WIDE.name)!;
    expect(Math.abs(row.sd / expected.sd - 1), `sd ${row.sd} vs ${expected.sd.toFixed(2)}`).toBeLessThan(4 * expected.relativeSeOfSd);
  });
});
