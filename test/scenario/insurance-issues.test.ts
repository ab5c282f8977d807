import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { formatInputIssue, type InputIssue } from '../../src/errors.ts';
import { amountText } from '../../src/scenario/schema/numbers.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { makeTempFolder, PROJECT_ROOT, runCli, type CliResult } from '../helpers/run-cli.ts';
import { fixture, issuesOf } from '../helpers/scenario-issues.ts';

/**
 * The checks of the insurance section (MODEL §9, §12): names, the insured, per-seller terms,
 * covers, sublimits, the MFA warranty, layers over a policy and towers stacked end to end. The
 * fixtures are under test/fixtures/scenarios/insurance/; the offending line is quoted next to
 * each expectation, with 1-based columns.
 */

/** Every issue of `insurance/<name>.yaml` as `line:col path: message`. */
function linesOf(name: string): string[] {
  return issuesOf(fixture(`insurance/${name}.yaml`)).map(({ line, column, path, message }) => `${line}:${column} ${path}: ${message}`);
}

/** The single issue of a fixture with exactly one problem. */
function onlyIssueOf(name: string): InputIssue {
  const issues = issuesOf(fixture(`insurance/${name}.yaml`));
  expect(issues, issues.map(formatInputIssue).join('\n')).toHaveLength(1);
  return issues[0]!;
}

describe('covers switched off', () => {
  it('refuses an enabled layer over a policy that is off, and leaves a switched-off layer out of the tower', () => {
    // 15: `    - { name: orphan, over: off, ... }`; the switched-off "dropped" would leave a gap at 2,000.
    expect(linesOf('switched-off')).toEqual([
      '15:29 insurance.layers[0].over: expected a policy that is enabled under an enabled layer, got "off" with enabled: false (switch the layer off too, or the policy on)',
    ]);
  });
});

describe('insurance checks accept a good program', () => {
  it('loads a tower stacked end to end (out of order in the file) with three participations summing to 1', () => {
    const { scenario } = loadScenario(fixture('insurance/good-tower.yaml'));
    expect(scenario.insurance.layers).toHaveLength(6);
    // The run's program stacks the layers over their policy, lowest first.
    const { insurance } = compileModel(scenario, scenario.seed);
    const cyber = insurance.policies.find((policy) => policy.name === 'platform-cyber')!;
    expect(cyber.layers.map((layer) => [layer.name, layer.terms.attachment])).toEqual([
      ['cyber-xs1', 13_000_000],
      ['cyber-xs2-a', 24_111_111.11],
      ['cyber-xs2-b', 24_111_111.11],
      ['cyber-xs2-c', 24_111_111.11],
      ['cyber-xs3', 34_111_111.11],
    ]);
    expect(insurance.policies.find((policy) => policy.name === 'small-seller-cyber')!.perSeller).toEqual({ sellers: 5000, takeUp: 0.15 });
  });

  it('accepts the example scenarios, whose layer attaches where platform-cyber is used up', () => {
    for (const file of ['marketplace.yaml', 'processor-breach.yaml']) {
      const { scenario } = loadScenario(join(PROJECT_ROOT, 'scenarios', file));
      expect(scenario.insurance.layers.map((layer) => [layer.over, layer.attachment])).toEqual([['platform-cyber', 10_500_000]]);
    }
  });
});

describe('insurance checks on towers', () => {
  it('refuses a gap, naming both neighbours, the gap and where the layer would stack, in the file that sets it', () => {
    // tower-gap.yaml extends good-tower.yaml; line 7: "      attachment: 35000000"
    expect(onlyIssueOf('tower-gap')).toEqual({
      file: fixture('insurance/tower-gap.yaml'),
      line: 7,
      column: 19,
      path: 'insurance.layers[0].attachment',
      message:
        'expected the layer to attach at 34,111,111.11, where the layer of "cyber-xs2-a", "cyber-xs2-b" and "cyber-xs2-c" is used up ' +
        '(attachment 24,111,111.11 + limit 5,000,000 / (1 − coinsurance 0.5)), got 35,000,000: ' +
        'a gap of 888,888.89 between the layer of "cyber-xs2-a", "cyber-xs2-b" and "cyber-xs2-c" and "cyber-xs3" that the insured would retain',
    });
  });

  it('refuses an overlap with the policy below, and checks the next layer against where the overlapping one ends', () => {
    // line 16: "      attachment: 10000000" (cyber-top at 20,000,000 then stacks on cyber-excess)
    expect(onlyIssueOf('tower-overlap')).toEqual({
      file: fixture('insurance/tower-overlap.yaml'),
      line: 16,
      column: 19,
      path: 'insurance.layers[0].attachment',
      message:
        'expected the layer to attach at 10,500,000, where "platform-cyber" is used up (retention 500,000 + limit 10,000,000), got 10,000,000: ' +
        'an overlap of 500,000 that "platform-cyber" and "cyber-excess" would both pay',
    });
  });

  it('prints amounts exactly enough to be copied back within the tolerance', () => {
    expect(amountText(10_500_000)).toBe('10,500,000');
    expect(amountText(500_000 + 10_000_000 / 0.9)).toBe('11,611,111.11');
    expect(amountText(10 + 100 / 0.9)).toBe('121.1111111');
    expect(amountText(0.5)).toBe('0.50');
  });
});

describe('insurance checks on layers', () => {
  it('lists every layer problem: unknown policy, a layer over a layer, names shared with a policy, shares over 1, coinsurance 1 under layers', () => {
    expect(linesOf('layer-problems')).toEqual([
      // line 7: "    - { name: platform-eo, preset: tech_eo, insured: platform, limit: 5000000, coinsurance: 1 }"
      '7:93 insurance.policies[1].coinsurance: expected a coinsurance below 1 on a policy with layers over it, got 1 (the insured keeps every loss, so "platform-eo" is never used up and no layer can attach where it ends)',
      // line 9: "    - { name: cyber-excess, over: platform-cybr, … }"
      '9:35 insurance.layers[0].over: expected the name of a policy under insurance.policies, got "platform-cybr" (did you mean "platform-cyber"?)',
      // line 10: "    - { name: cyber-top, over: cyber-lead, … }"
      '10:32 insurance.layers[1].over: expected the name of a policy under insurance.policies, got "cyber-lead", a layer (layers sit over policies, not over layers: name the policy at the bottom of its tower, "platform-cyber")',
      // line 11: "    - { name: platform-eo, over: platform-cyber, … share: 0.5 }"
      '11:15 insurance.layers[2].name: expected a policy or layer name not used before (each insurer is the bearer insurer:<name>), got "platform-eo" again (first used by insurance.policies[1])',
      // line 13: "    - { name: cyber-follow, … share: 0.3 }" (0.5 + 0.4 + 0.3 on one layer)
      '13:97 insurance.layers[4].share: expected the shares of the participations in the layer 10,000,000 xs 10,500,000 over "platform-cyber" ("platform-eo" 0.5, "cyber-lead" 0.4, "cyber-follow" 0.3) to sum to at most 1, got 1.2 (0.2 over)',
      // line 16: "    - { name: orphan, over: property, … }"
      '16:29 insurance.layers[7].over: expected the name of a policy under insurance.policies, got "property" (policies: platform-cyber, platform-eo)',
    ]);
  });
});

describe('insurance checks on policies', () => {
  it('lists every policy problem at its field', () => {
    expect(linesOf('policy-problems')).toEqual([
      // line 11: "      sublimits: { business_interruption: 12000000, third_party_damages: 100000 }"
      "11:43 insurance.policies[0].sublimits.business_interruption: expected a sublimit at most the policy's limit of 10,000,000, got 12,000,000",
      "11:74 insurance.policies[0].sublimits.third_party_damages: expected a sublimit on a coverage the policy covers (the cyber preset's covers: incident_response, forensics, notification, credit_monitoring, business_interruption, regulatory_fines, pci_assessments, privacy_liability, defense_costs), got a sublimit on third_party_damages",
      // line 12: "      conditions: { mfa_warranty: { mitigation: mfa2 } }"
      '12:49 insurance.policies[0].conditions.mfa_warranty.mitigation: expected the name of a mitigation under mitigations, got "mfa2" (did you mean "mfa"?)',
      // line 13: "    - name: platform-eo" (neither preset nor covers: the policy is pointed at)
      '13:7 insurance.policies[1].covers: expected covers (the coverage tags the policy answers) on a policy without a preset, got neither covers nor preset (presets: tech_eo, cyber)',
      // line 18: "      insured: sellers"
      '18:16 insurance.policies[2].insured: expected sellers:<segment> naming a seller segment (with a market, sellers carry losses by segment), got "sellers" (segments: sellers:large, sellers:small)',
      // line 22: "      insured: sellers:smal"
      '22:16 insurance.policies[3].insured: expected sellers:<name> with the name of a seller segment under market.sellers, got "sellers:smal" (did you mean "sellers:small"?)',
      // line 23: "      take_up: 0.2"
      "23:16 insurance.policies[3].take_up: expected take_up only on a policy with per_seller: true (the share of the segment's sellers holding it), got take_up 0.2 on a policy that is not per_seller",
      // line 24: "      waiting_period_hours: 12"
      "24:29 insurance.policies[3].waiting_period_hours: expected waiting_period_hours only on a policy covering business_interruption (the tech_eo preset's covers: third_party_damages, privacy_liability, defense_costs), got 12 hours that would never apply",
      // line 27: "      insured: processor:paymnts"
      '27:16 insurance.policies[4].insured: expected processor:<name> with the name of a processor under market.platform.processors, got "processor:paymnts" (did you mean "processor:payments"?)',
      // line 28: "      covers: [forensics, uninsured]"
      '28:27 insurance.policies[4].covers[1]: expected a coverage tag a policy can answer, got "uninsured" (a loss tagged uninsured is never covered)',
      // line 29: "      defense: outside_limits"
      '29:16 insurance.policies[4].defense: expected defense: outside_limits only on a policy covering defense_costs (its covers: forensics, uninsured), got a policy that pays no defense costs',
      // line 30: "      per_seller: true"
      '30:19 insurance.policies[4].per_seller: expected insured sellers:<segment> for a per_seller policy (each seller of the segment holds it), got insured "processor:paymnts"',
      // line 33: "      insured: platfrom" (the schema's pattern, with a suggestion)
      '33:16 insurance.policies[5].insured: expected platform, sellers:<segment>, processor:<name> or vendor:<name>, got "platfrom" (did you mean "platform"?)',
      // line 34: "      covers: []"
      '34:15 insurance.policies[5].covers: expected at least one coverage tag, got an empty list (the policy would never pay)',
    ]);
  });

  it('without a market, insures only a bearer that a loss_event names, and refuses per_seller', () => {
    expect(linesOf('without-market')).toEqual([
      // line 16: "    - { name: processor-eo, preset: tech_eo, insured: processor:payments, limit: 1000000 }"
      '16:55 insurance.policies[2].insured: expected a bearer that a loss_event incident or injection names (without a market only they carry losses), got "processor:payments" (bearers named: platform, sellers)',
      // line 17: "    - { name: per-seller, preset: tech_eo, insured: sellers, per_seller: true, limit: 1000000 }"
      '17:74 insurance.policies[3].per_seller: expected a market section for a per_seller policy (it is held by each seller of a segment), got a scenario without one',
      // line 18: "    - { name: segment-eo, preset: tech_eo, insured: sellers:small, limit: 1000000 }"
      '18:53 insurance.policies[4].insured: expected a bearer that a loss_event incident or injection names (without a market only they carry losses), got "sellers:small" (did you mean "sellers"?)',
    ]);
  });

  it('reports what the schema refuses once per field, with a suggestion for near misses', () => {
    const coverageTags =
      'business_interruption, incident_response, forensics, notification, credit_monitoring, regulatory_fines, pci_assessments, privacy_liability, third_party_damages, defense_costs, sla_credits, lost_business, remediation, refunds, uninsured';
    const exclusions = 'known_unpatched_vulnerability, contractual_liability, fines_and_penalties, war, prior_acts';
    expect(linesOf('schema-problems')).toEqual([
      // line 12: "      preset: cybr"
      '12:15 insurance.policies[0].preset: expected one of tech_eo, cyber, got "cybr" (did you mean "cyber"?)',
      // line 14: "      covers: [forensic, notification]"
      `14:16 insurance.policies[0].covers[0]: expected one of ${coverageTags}, got "forensic" (did you mean "forensics"?)`,
      // line 15: "      exclusions: [war, contractual]" (a name written short)
      `15:25 insurance.policies[0].exclusions[1]: expected one of ${exclusions}, got "contractual" (did you mean "contractual_liability"?)`,
      // line 16: "      sublimits: { forensic: 100000 }"
      '16:20 insurance.policies[0].sublimits.forensic: expected a known field (did you mean "forensics"?), got unknown field "forensic"',
      // lines 17–20: retention -5000, limit -1000000, coinsurance 1.5, premium -1
      '17:18 insurance.policies[0].retention: expected a number ≥ 0, got -5000',
      '18:14 insurance.policies[0].limit: expected an amount above 0, got -1000000',
      '19:20 insurance.policies[0].coinsurance: expected a number from 0 to 1, got 1.5',
      '20:16 insurance.policies[0].premium: expected a number ≥ 0, got -1',
      // line 21: "    - { name: platform-eo, preset: tech_eo, insured: platfrom, limit: 0, exclusions: [unpatched] }"
      '21:54 insurance.policies[1].insured: expected platform, sellers:<segment>, processor:<name> or vendor:<name>, got "platfrom" (did you mean "platform"?)',
      '21:71 insurance.policies[1].limit: expected an amount above 0, got 0',
      `21:87 insurance.policies[1].exclusions[0]: expected one of ${exclusions}, got "unpatched" (did you mean "known_unpatched_vulnerability"?)`,
    ]);
  });
});

describe('faultline validate and run on a bad insurance program', () => {
  const root = makeTempFolder('faultline-insurance-checks');
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const file = 'test/fixtures/scenarios/insurance/tower-overlap.yaml';
  const out = join(root, 'report');
  const expected = [
    `${file}:16:19: insurance.layers[0].attachment: expected the layer to attach at 10,500,000, where "platform-cyber" is used up (retention 500,000 + limit 10,000,000), got 10,000,000: an overlap of 500,000 that "platform-cyber" and "cyber-excess" would both pay`,
  ];
  let validate: CliResult;
  let run: CliResult;
  beforeAll(async () => {
    [validate, run] = await Promise.all([runCli(['validate', file]), runCli(['run', file, '--out', out, '--trials', '10'])]);
  });

  it('validate exits 2 with the located message', () => {
    expect(validate.status, validate.stderr).toBe(2);
    expect(validate.stdout).toBe('');
    expect(validate.stderr.trim().split('\n')).toEqual(expected);
  });

  it('run exits 2 with the located message and writes no report folder', () => {
    expect(run.status, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual(expected);
    expect(existsSync(out)).toBe(false);
  });
});
