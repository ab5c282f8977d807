import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInputIssue, type InputIssue } from '../../src/errors.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { strategyScenarios } from '../../src/scenario/strategies.ts';
import { makeTempFolder, runCli, type CliResult } from '../helpers/run-cli.ts';
import { fixture, issuesOf } from '../helpers/scenario-issues.ts';

/**
 * The loader's checks of `strategies:` (MODEL §12): each strategy is merged over the scenario and
 * validated as a whole scenario; a problem is located where its value is written and named with
 * the strategy, `strategies[i] (name): …`. Fixtures: test/fixtures/scenarios/strategies/, all over
 * base.yaml (a loss event, a control `mfa` that is off, seller credit tiers, a cyber policy with a
 * layer stacked at 10,500,000). The offending line is quoted next to each expectation.
 */

const DIR = 'test/fixtures/scenarios/strategies';

/** Every issue of `strategies/<name>.yaml` as `line:col path: message`, with the file when it is not that one. */
function linesOf(name: string): string[] {
  const file = fixture(`strategies/${name}.yaml`);
  return issuesOf(file).map(({ file: at, line, column, path, message }) => `${at === file ? '' : `${at} `}${line}:${column} ${path}: ${message}`);
}

function onlyIssueOf(name: string): InputIssue {
  const issues = issuesOf(fixture(`strategies/${name}.yaml`));
  expect(issues, issues.map(formatInputIssue).join('\n')).toHaveLength(1);
  return issues[0]!;
}

describe('strategies that break the scenario they make', () => {
  it('refuses a negative annual cost, located in the strategy and named with it', () => {
    // line 10: "        annual_cost: -5000"
    expect(linesOf('negative-cost')).toEqual(['10:22 strategies[1] (cheap-mfa): mitigations[0].annual_cost: expected a number ≥ 0, got -5000']);
  });

  it('refuses a layer that overlaps the tower of the scenario it is added to', () => {
    // line 10: "          attachment: 15000000"; cyber-excess (base.yaml) is used up at 20,500,000.
    expect(linesOf('tower-overlap')).toEqual([
      '10:23 strategies[0] (more-cover): insurance.layers[1].attachment: expected the layer to attach at 20,500,000, where "cyber-excess" is used up ' +
        '(attachment 10,500,000 + limit 10,000,000), got 15,000,000: an overlap of 5,500,000 that "cyber-excess" and "cyber-top" would both pay',
    ]);
  });

  it('refuses an unknown field of a mitigation, pointing at the key and suggesting the field', () => {
    // line 6: "      - { name: mfa, enabled: true, frequncy: 0.3 }"
    expect(linesOf('unknown-field')).toEqual(['6:37 strategies[0] (typo): mitigations[0].frequncy: expected a known field (did you mean "frequency"?), got unknown field "frequncy"']);
  });

  it('refuses a strategy named baseline', () => {
    // line 4: "  - name: baseline"
    expect(linesOf('named-baseline')).toEqual(['4:11 strategies[0].name: expected a name other than "baseline" (the scenario as written is the baseline strategy)']);
  });

  it('refuses a strategy name used twice, naming the first use', () => {
    // line 6: "  - name: with-mfa" (the second)
    expect(linesOf('duplicate-names')).toEqual(['6:11 strategies[1].name: expected a strategy name not used before, got "with-mfa" again (first in strategies[0])']);
  });

  it('refuses a lever a strategy cannot pull (the market), listing the ones it can', () => {
    // line 6: "    market:"
    expect(linesOf('unknown-lever')).toEqual(['6:5 strategies[0].market: expected a known field (known fields: name, description, mitigations, contracts, insurance), got unknown field "market"']);
  });

  it('locates a problem the strategy causes in a value written in the base file, and still names the strategy', () => {
    // base.yaml line 22: "    - { name: cyber-excess, over: platform-cyber, ... }": its policy is off in no-primary.
    const issue = onlyIssueOf('policy-off');
    expect(issue).toEqual({
      file: fixture('strategies/base.yaml'),
      line: 22,
      column: 35,
      path: 'strategies[0] (no-primary): insurance.layers[0].over',
      message: 'expected a policy that is enabled under an enabled layer, got "platform-cyber" with enabled: false (switch the layer off too, or the policy on)',
    });
  });

  it('lists the problems of every strategy, in file order, and none of the good one between them', () => {
    expect(linesOf('many-problems')).toEqual([
      // line 6: "      - { name: mfa, enabled: true, applies_to: [breech] }"
      '6:50 strategies[0] (targeted): mitigations[0].applies_to[0]: expected the name of an incident defined in this scenario, got "breech" (did you mean "breach"?)',
      // line 12: "        sla_tiers: [{ below: 0.99, credit: 0.25 }, { below: 0.999, credit: 0.1 }]" (lists are replaced whole)
      "12:61 strategies[2] (tiers-upside-down): contracts.seller_terms.sla_tiers[1].below: expected a threshold below the previous tier's 0.99 (tiers go from the highest uptime down, without overlap), got 0.999",
      // line 14: "      policies: [{ name: platform-cyber, limit: -1 }]"
      '14:49 strategies[2] (tiers-upside-down): insurance.policies[0].limit: expected an amount above 0, got -1',
    ]);
  });

  it('locates a problem in a strategy merged across extends where the value is written (the base file)', () => {
    const file = fixture('strategies/extended/variant.yaml');
    expect(issuesOf(file)).toEqual([
      {
        file: fixture('strategies/extended/base.yaml'),
        line: 20,
        column: 50,
        path: 'strategies[0] (mfa-on): mitigations[0].annual_cost',
        message: 'expected a number ≥ 0, got -5',
      },
    ]);
  });

  it('refuses a mitigation paid by a seller segment or processor the scenario does not define', () => {
    const issues = issuesOf(fixture('strategies/paid-by-unknown.yaml'));
    expect(issues.map((issue) => issue.path)).toEqual(['strategies[0] (vetting): mitigations[1].paid_by', 'strategies[0] (vetting): mitigations[2].paid_by']);
  });
});

describe('good strategies', () => {
  it('load, and each makes the scenario its levers describe: lists merged by name, objects field by field', () => {
    const { scenario } = loadScenario(fixture('strategies/good.yaml'));
    const variants = strategyScenarios(scenario);
    expect(variants.map((variant) => variant.name)).toEqual(['baseline', 'with-mfa', 'no-cover', 'tougher-terms']);
    const [baseline, withMfa, noCover, tougher] = variants.map((variant) => variant.scenario);

    // The baseline is the scenario as written, without its strategies.
    expect(baseline!.strategies).toEqual([]);
    expect(baseline!.mitigations.map((m) => [m.name, m.enabled])).toEqual([['mfa', false]]);

    // with-mfa switches the control on and keeps its cost and effect.
    expect(withMfa!.mitigations).toEqual([{ ...baseline!.mitigations[0]!, enabled: true }]);
    expect(withMfa!.insurance).toEqual(baseline!.insurance);

    // no-cover switches the policy and its layer off; nothing else changes.
    expect(noCover!.insurance.policies.map((p) => [p.name, p.enabled])).toEqual([['platform-cyber', false]]);
    expect(noCover!.insurance.layers.map((l) => [l.name, l.enabled])).toEqual([['cyber-excess', false]]);
    expect(noCover!.mitigations).toEqual(baseline!.mitigations);

    // tougher-terms adds a control, changes one seller term (the others stay), replaces the tier
    // list whole, and changes the policy's retention and premium and the layer's attachment.
    expect(tougher!.mitigations.map((m) => [m.name, m.enabled, m.annual_cost])).toEqual([
      ['mfa', false, 200_000],
      ['training', true, 50_000],
    ]);
    expect(tougher!.contracts.seller_terms).toEqual({ ...baseline!.contracts.seller_terms, liability_cap_months: 6, sla_tiers: [{ below: 0.995, credit: 0.05 }] });
    expect(tougher!.insurance.policies[0]).toEqual({ ...baseline!.insurance.policies[0]!, retention: 1_000_000, premium: 250_000 });
    expect(tougher!.insurance.layers[0]).toEqual({ ...baseline!.insurance.layers[0]!, attachment: 11_000_000 });
  });
});

describe('faultline validate and run on bad strategies', () => {
  const root = makeTempFolder('faultline-strategy-checks');
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const names = ['negative-cost', 'tower-overlap', 'unknown-field', 'named-baseline', 'duplicate-names', 'unknown-lever', 'policy-off'];
  const run: Record<string, CliResult> = {};
  let validate: CliResult;
  beforeAll(async () => {
    await Promise.all([
      ...names.map(async (name) => (run[name] = await runCli(['run', `${DIR}/${name}.yaml`, '--out', join(root, name), '--trials', '10', '--workers', '1']))),
      runCli(['validate', ...names.map((name) => `${DIR}/${name}.yaml`)]).then((result) => (validate = result)),
    ]);
  });

  it('validate exits 2 with one located line per problem, prefixed with the strategy, and counts them', () => {
    expect(validate.status, validate.stderr).toBe(2);
    expect(validate.stdout).toBe('');
    const lines = validate.stderr.trim().split('\n');
    expect(lines).toHaveLength(names.length + 1);
    names.forEach((name, index) => {
      const where = name === 'policy-off' ? `${DIR}/base.yaml` : `${DIR}/${name}.yaml`;
      expect(lines[index], name).toMatch(new RegExp(`^${where.replace(/[.]/g, '\\.')}:\\d+:\\d+: strategies\\[\\d\\](\\.| \\([a-z-]+\\): )`));
    });
    expect(lines[0]).toBe(`${DIR}/negative-cost.yaml:10:22: strategies[1] (cheap-mfa): mitigations[0].annual_cost: expected a number ≥ 0, got -5000`);
    expect(lines.at(-1)).toBe(`${names.length} problems found.`);
  });

  it('run exits 2 with the same line and writes no report folder', () => {
    const lines = validate.stderr.trim().split('\n');
    names.forEach((name, index) => {
      const { status, stdout, stderr } = run[name]!;
      expect(status, `${name}: ${stderr}`).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim(), name).toBe(lines[index]);
      expect(existsSync(join(root, name)), name).toBe(false);
    });
  });
});
