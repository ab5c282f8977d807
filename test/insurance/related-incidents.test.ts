import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chainRoots, splitProRata } from '../../src/insurance/related-occurrence.ts';
import { checkInsurance } from '../../src/scenario/checks/check-insurance.ts';
import { policySchema } from '../../src/scenario/schema/insurance-schema.ts';
import { constant, expectCents, fixed } from '../helpers/fixed-trial.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, parseCsv, runCli } from '../helpers/run-cli.ts';
import { expectInsuranceConserved, expectRecovery, fairRun, netsOf, recoveriesOf, type ExpectedStep } from './insurance-helpers.ts';

/**
 * `related_incidents` (MODEL §13): a policy may count a trigger chain as one occurrence.
 *
 * The chain used throughout, without a market: a `breach` loss event of 40 (once a year) starts
 * an `outage` of 30 with probability 1, which starts a `ransom` of 20; no delays, so the three
 * follow each other at the breach's time. All three are the platform's third-party damages.
 *
 * Policy: retention 15, limit 30, aggregate 1,000.
 * - separate: 40 − 15 = 25; 30 − 15 = 15; 20 − 15 = 5: 45 in all, three occurrences.
 * - one_occurrence: X = 90, 90 − 15 = 75 → limit 30 (45 cut): 30, split 40 : 30 : 20 →
 *   30 × 4/9 = 13.33, 30 × 3/9 = 10.00, the last the rest: 30 − 23.33 = 6.67.
 */
function chainIncidents(count = 1): Record<string, unknown>[] {
  const loss = (name: string, amount: number, frequency: number, next?: string) => ({
    type: 'loss_event',
    name,
    frequency: fixed(frequency),
    loss: constant(amount),
    bearer: 'platform',
    coverage: 'third_party_damages',
    ...(next ? { triggers: [{ incident: next, probability: 1 }] } : {}),
  });
  return [loss('breach', 40, count, 'outage'), loss('outage', 30, 0, 'ransom'), loss('ransom', 20, 0)];
}

function policy(related: string | undefined, terms: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'p',
    insured: 'platform',
    covers: ['third_party_damages'],
    retention: 15,
    limit: 30,
    aggregate_limit: 1_000,
    ...(related ? { related_incidents: related } : {}),
    ...terms,
  };
}

function chainRun(related: string | undefined, terms: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return fairRun({ incidents: chainIncidents(), insurance: { policies: [policy(related, terms)] }, ...extra });
}

describe('a trigger chain under one policy: separate against one occurrence', () => {
  it('separate (the default): each incident keeps its own retention and limit, 25 + 15 + 5', () => {
    for (const run of [chainRun(undefined), chainRun('separate')]) {
      const [breach, outage, ransom] = recoveriesOf(run.record, 'p');
      expectRecovery(breach!, 25, [['retention', 15]]);
      expectRecovery(outage!, 15, [['retention', 15]]);
      expectRecovery(ransom!, 5, [['retention', 15]]);
      expectCents(netsOf(run)['insurer:p']!, 45);
      expect(breach!.occurrence).toBeUndefined();
    }
  });

  it("one_occurrence: one retention and one limit on the chain's 90, split back 13.33 / 10.00 / 6.67", () => {
    const run = chainRun('one_occurrence');
    const recoveries = recoveriesOf(run.record, 'p');
    expect(recoveries.map((r) => r.incident.name)).toEqual(['breach', 'outage', 'ransom']);
    const [breach, outage, ransom] = recoveries;
    const terms: ExpectedStep[] = [
      ['retention', 15],
      ['limit', 45],
    ];
    expectRecovery(breach!, 13.33, ['related_one_occurrence', ...terms]);
    expectRecovery(outage!, 10, ['related_one_occurrence', ...terms]);
    expectRecovery(ransom!, 6.67, ['related_one_occurrence', ...terms]);
    // The parts add up to the occurrence's payment to the cent, and each names the chain's root.
    expect(breach!.amount + outage!.amount + ransom!.amount).toBeCloseTo(30, 10);
    for (const [index, recovery] of recoveries.entries()) {
      expect(recovery.trail[0]).toMatchObject({ rule: 'insurance', reason: 'related_one_occurrence', root: 'breach#1' });
      expect(recovery.occurrence).toEqual({ root: 'breach#1', part: index + 1, parts: 3, amount: 30 });
      expect(recovery.utilisation).toBe(1);
    }
    expect(breach!.trail[0]!.share).toBeCloseTo(4 / 9, 12);
    expectCents(netsOf(run)['insurer:p']!, 30);
    expectCents(netsOf(run).platform!, 90 - 30);
    expectInsuranceConserved(run);
  });

  it('one retention: under a wide limit the chain recovers 90 − 15 = 75, not 45', () => {
    // Limit 100: separate 25 + 15 + 5 = 45; one occurrence 75, split 33.33 / 25.00 / 16.67.
    const separate = chainRun('separate', { limit: 100 });
    const combined = chainRun('one_occurrence', { limit: 100 });
    expectCents(netsOf(separate)['insurer:p']!, 45);
    expect(recoveriesOf(combined.record, 'p').map((r) => r.amount)).toEqual([33.33, 25, 75 - 33.33 - 25]);
    expectCents(netsOf(combined)['insurer:p']!, 75);
    expectInsuranceConserved(combined);
  });

  it('the aggregate counts the chain once: two chains against an aggregate of 40 pay 30 and 10', () => {
    // Two breaches a year, each a chain of 90. One occurrence each: 30, then 10 of the 10 left.
    // Separately the first chain alone would take 25 + 15 and use the aggregate up.
    const run = fairRun({ incidents: chainIncidents(2), insurance: { policies: [policy('one_occurrence', { aggregate_limit: 40 })] } });
    const recoveries = recoveriesOf(run.record, 'p');
    expect(recoveries).toHaveLength(6);
    const [first, second] = [recoveries.slice(0, 3), recoveries.slice(3)];
    expectCents(
      first.reduce((sum, r) => sum + r.amount, 0),
      30,
    );
    expectCents(
      second.reduce((sum, r) => sum + r.amount, 0),
      10,
    );
    // 10 split 40 : 30 : 20 → 4.44, 3.33, 2.23; the aggregate binds on the combined 30 (20 beyond the 10 left).
    expect(second.map((r) => r.amount)).toEqual([4.44, 3.33, 10 - 4.44 - 3.33]);
    expectRecovery(second[2]!, 10 - 4.44 - 3.33, ['related_one_occurrence', ['retention', 15], ['limit', 45], ['aggregate_binding', 20]]);
    expect(run.record.exhausted).toEqual([0]);
    const separate = fairRun({ incidents: chainIncidents(2), insurance: { policies: [policy('separate', { aggregate_limit: 40 })] } });
    expect(recoveriesOf(separate.record, 'p').map((r) => r.amount)).toEqual([25, 15, 0, 0, 0, 0]);
  });

  it("erodes the aggregate as the chain's incidents arrive: an unrelated loss between them keeps what it took", () => {
    // The outage starts 1,000 hours after the breach; a scheduled loss of 100 (`other`) on
    // 1 July falls between them in the trial picked below. Aggregate 50:
    // breach 40 → 25 (25 left); other 100 → 85 → limit 30 → 25, the rest (left 0);
    // outage joins: 70 → 55 → limit 30, but only the chain's own 25 is there to pay it: 25;
    // ransom joins: 90 → 30, still 25. The chain pays 25, split 40 : 30 : 20 → 11.11, 8.33, 5.56.
    const incidents = chainIncidents();
    (incidents[0]!.triggers as Record<string, unknown>[])[0]!.delay_hours = constant(1_000);
    const inject = [{ type: 'loss_event', name: 'other', at: '2027-07-01', loss: constant(100), bearer: 'platform', coverage: 'third_party_damages' }];
    const input = (related: string) => ({ incidents, inject, insurance: { policies: [policy(related, { aggregate_limit: 50 })] } });
    const order = (trial: number) =>
      fairRun(input('one_occurrence'), trial)
        .record.incidents.map((incident) => incident.name)
        .join(',');
    const trial = Array.from({ length: 200 }, (_, index) => index + 1).find((t) => order(t) === 'breach,other,outage,ransom');
    expect(trial, 'a trial with the scheduled loss between the breach and the outage').toBeDefined();
    const combined = fairRun(input('one_occurrence'), trial);
    const parts = recoveriesOf(combined.record, 'p');
    expect(parts.map((r) => r.incident.name)).toEqual(['breach', 'other', 'outage', 'ransom']);
    [11.11, 25, 8.33, 25 - 11.11 - 8.33].forEach((amount, index) => expectCents(parts[index]!.amount, amount));
    expectInsuranceConserved(combined);
    const separate = fairRun(input('separate'), trial);
    expect(recoveriesOf(separate.record, 'p').map((r) => r.amount)).toEqual([25, 25, 0, 0]);
  });

  it("a layer over the policy sees the chain's combined loss: 45 xs 45 pays 45, where separately it pays nothing", () => {
    // The layer attaches at 15 + 30 = 45. Separately every incident (40, 30, 20) is below it.
    // One occurrence: X = 90 → 45 above the attachment, split 40 : 30 : 20 → 20, 15, 10.
    const layer = { name: 'xs', over: 'p', attachment: 45, limit: 100, aggregate_limit: 1_000 };
    const separate = fairRun({ incidents: chainIncidents(), insurance: { policies: [policy('separate')], layers: [layer] } });
    expect(recoveriesOf(separate.record, 'xs')).toEqual([]);
    const combined = fairRun({ incidents: chainIncidents(), insurance: { policies: [policy('one_occurrence')], layers: [layer] } });
    const parts = recoveriesOf(combined.record, 'xs');
    expect(parts.map((r) => r.amount)).toEqual([20, 15, 10]);
    expectRecovery(parts[0]!, 20, ['related_one_occurrence', ['attachment', 45]]);
    expect(combined.record.recoveries.map((r) => `${r.incident.name}/${r.policy}`)).toEqual(['breach/p', 'breach/xs', 'outage/p', 'outage/xs', 'ransom/p', 'ransom/xs']);
    expectCents(netsOf(combined)['insurer:xs']!, 45);
    expectInsuranceConserved(combined);
  });

  it('coinsurance and a sublimit apply once, to the combined loss', () => {
    // Coinsurance 0.2, limit 100, sublimit on third-party damages 50: Y = 75, the insured keeps 15 → 60 → sublimit 50.
    const run = chainRun('one_occurrence', { limit: 100, coinsurance: 0.2, sublimits: { third_party_damages: 50 } });
    const [breach] = recoveriesOf(run.record, 'p');
    expectRecovery(breach!, 22.22, ['related_one_occurrence', ['retention', 15], ['coinsurance', 15], ['sublimit_third_party_damages', 10]]);
    expectCents(netsOf(run)['insurer:p']!, 50);
  });

  it('a lone incident under one_occurrence is settled exactly as under separate', () => {
    const incidents = [{ type: 'loss_event', name: 'alone', frequency: fixed(3), loss: constant(40), bearer: 'platform', coverage: 'third_party_damages' }];
    const separate = fairRun({ incidents, insurance: { policies: [policy('separate')] } });
    const combined = fairRun({ incidents, insurance: { policies: [policy('one_occurrence')] } });
    expect(combined.record.recoveries).toEqual(separate.record.recoveries);
  });
});

describe('impossible combinations', () => {
  const market = { sellers: [{ name: 'small', count: 100, gmv_share: 1, margin: 0.2 }] };
  // A policy's own terms are its schema's rules; the order of policies is checkInsurance's.
  const issuesFor = (policies: Record<string, unknown>[]) =>
    [
      ...policies.flatMap((policy, index) => (policySchema.safeParse(policy).error?.issues ?? []).map((issue) => ({ path: ['insurance', 'policies', index, ...issue.path], message: issue.message }))),
      ...checkInsurance({ market, insurance: { policies } }),
    ].map((issue) => `${issue.path.join('.')}: ${issue.message}`);

  it('refuses one_occurrence on a per-seller policy', () => {
    expect(issuesFor([{ name: 's', insured: 'sellers:small', preset: 'cyber', limit: 10, per_seller: true, related_incidents: 'one_occurrence' }])).toEqual([
      'insurance.policies.0.related_incidents: expected related_incidents: separate on a per_seller policy (the incidents of a trigger chain may fall on different sellers of the segment), got one_occurrence',
    ]);
  });

  it('accepts one_occurrence after the overlapping policies of its insured, or beside policies that answer other losses', () => {
    const eo = { name: 'eo', insured: 'platform', preset: 'tech_eo', limit: 10 };
    const cyber = { name: 'cyber', insured: 'platform', preset: 'cyber', limit: 10, related_incidents: 'one_occurrence' };
    expect(issuesFor([eo, cyber])).toEqual([]);
    expect(issuesFor([cyber, { ...eo, covers: ['third_party_damages'] }])).toEqual([]);
    expect(issuesFor([cyber, { ...eo, insured: 'sellers:small' }])).toEqual([]);
    expect(issuesFor([cyber, eo])).toEqual([
      'insurance.policies.0.related_incidents: expected a one_occurrence policy to come after the other policies of platform that answer the same losses, got "eo" listed after it sharing privacy_liability, defense_costs on outage, breach, data_mishandling (other insurance: a policy listed earlier pays first, incident by incident; list "eo" first, or make this policy separate)',
    ]);
  });
});

describe('chain roots and the pro-rata split', () => {
  it('finds the root of every incident of a chain, transitively', () => {
    const run = chainRun('one_occurrence');
    const { roots, sizes } = chainRoots(run.record.incidents);
    expect([...roots.values()]).toEqual(['breach#1', 'breach#1', 'breach#1']);
    expect(sizes.get('breach#1')).toBe(3);
  });

  it('has no chain in a year without a triggered incident (the incidents settle one by one)', () => {
    const run = chainRun('one_occurrence');
    const untriggered = run.record.incidents.filter((incident) => incident.triggeredBy === undefined);
    expect(untriggered.length).toBeGreaterThan(0);
    const { roots, sizes } = chainRoots(untriggered);
    expect(roots.size).toBe(0);
    expect(sizes.size).toBe(0);
  });

  it('rounds each part but the last to the cent, the last taking the rest', () => {
    expect(splitProRata(100, [1, 1, 1])).toEqual([33.33, 33.33, 100 - 66.66]);
    expect(splitProRata(10, [0, 0])).toEqual([0, 10]);
    expect(splitProRata(0.025, [1, 1, 1, 1]).every((part) => part >= 0)).toBe(true);
  });
});

describe('related_incidents through the CLI', () => {
  const folder = makeTempFolder('faultline-related');
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  function scenarioText(related: string): string {
    return [
      'name: related-chain',
      'seed: 3',
      'trials: 20',
      'incidents:',
      ...chainIncidents().map((incident) => `  - ${JSON.stringify(incident)}`),
      'insurance:',
      '  policies:',
      `    - { name: p, insured: platform, covers: [third_party_damages], retention: 15, limit: 30, aggregate_limit: 1000, related_incidents: ${related} }`,
      '',
    ].join('\n');
  }

  it('runs with one_occurrence, and insurance.csv and summary.csv show one occurrence of 30 a year against three of 45', async () => {
    const results: Record<string, Record<string, string>> = {};
    for (const related of ['separate', 'one_occurrence']) {
      const file = join(folder, `${related}.yaml`);
      writeFileSync(file, scenarioText(related));
      const out = join(folder, `out-${related}`);
      const result = await runCli(['run', file, '--out', out, '--quiet', '--workers', '1']);
      expectExit(result, 0);
      const insurance = parseCsv(readFileSync(join(out, 'insurance.csv'), 'utf8')).rows.find((row) => row.policy === 'p')!;
      const summary = parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8')).rows.find((row) => row.bearer === 'insurer:p')!;
      results[related] = { occurrences: insurance.occurrences_per_year!, utilisation: insurance.mean_limit_utilisation!, expected: insurance.expected_loss!, mean: summary.mean! };
    }
    expect(Number(results.separate!.expected)).toBe(45);
    expect(Number(results.separate!.mean)).toBe(45);
    expect(Number(results.separate!.occurrences)).toBe(3);
    expect(Number(results.separate!.utilisation)).toBeCloseTo(0.5, 6); // (25 + 15 + 5) / 30 / 3
    expect(Number(results.one_occurrence!.expected)).toBe(30);
    expect(Number(results.one_occurrence!.mean)).toBe(30);
    expect(Number(results.one_occurrence!.occurrences)).toBe(1);
    expect(Number(results.one_occurrence!.utilisation)).toBe(1);
  });

  it('explains the grouping in faultline explain', async () => {
    const file = join(folder, 'explained.yaml');
    writeFileSync(file, scenarioText('one_occurrence'));
    const result = await runCli(['explain', file, '--trial', '1']);
    expectExit(result, 0);
    expect(result.stdout).toMatch(/The policy counts this incident and the ones related to incident 1 \(breach[^)]*\) as one occurrence: this incident's part is 44% of it/);
    const json = await runCli(['explain', file, '--trial', '1', '--format', 'json']);
    expectExit(json, 0);
    const explained = JSON.parse(json.stdout) as { incidents: { recoveries: { amount: number; trail: Record<string, unknown>[] }[] }[] };
    expect(explained.incidents.map((incident) => incident.recoveries[0]!.amount)).toEqual([13.33, 10, 6.67]);
    expect(explained.incidents[2]!.recoveries[0]!.trail[0]).toMatchObject({ rule: 'insurance', reason: 'related_one_occurrence', other: { root: 'breach#1' } });
  });

  it('refuses an unknown wording with exit 2 at its file, line and column, with a suggestion', async () => {
    const file = join(folder, 'misspelt.yaml');
    writeFileSync(file, scenarioText('one_ocurrence'));
    const result = await runCli(['validate', file]);
    expectExit(result, 2);
    // line 10: "    - { name: p, …, related_incidents: one_ocurrence }"
    expect(result.stderr.trim().split('\n')[0]).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:10:\\d+: insurance\\.policies\\[0\\]\\.related_incidents: expected one of separate, one_occurrence, got "one_ocurrence" \\(did you mean "one_occurrence"\\?\\)$`,
      ),
    );
  });

  it('refuses one_occurrence on a per-seller policy and before an overlapping policy of the same insured', async () => {
    const file = join(folder, 'combinations.yaml');
    writeFileSync(
      file,
      [
        'name: related-combinations',
        'incidents:',
        ...chainIncidents().map((incident) => `  - ${JSON.stringify(incident)}`),
        'insurance:',
        '  policies:',
        '    - { name: first, insured: platform, covers: [third_party_damages, forensics], limit: 30, related_incidents: one_occurrence }',
        '    - { name: second, insured: platform, covers: [third_party_damages], limit: 30 }',
        '',
      ].join('\n'),
    );
    const result = await runCli(['validate', file]);
    expectExit(result, 2);
    expect(result.stderr).toContain(`${file}:8:`);
    expect(result.stderr).toContain(
      'insurance.policies[0].related_incidents: expected a one_occurrence policy to come after the other policies of platform that answer the same losses, got "second" listed after it sharing third_party_damages on',
    );
  });
});
