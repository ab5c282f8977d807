import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { formatInputIssue, type InputIssue } from '../../src/errors.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { runTrialOn } from '../helpers/fixed-trial.ts';
import { makeTempFolder, runCli } from '../helpers/run-cli.ts';
import { fixture, issuesOf } from '../helpers/scenario-issues.ts';

/**
 * The scenario checks of the market and incident language (MODEL §5–6, §12): seasonality
 * lengths, shares that must sum to 1 (saying by how much), calendar positions inside the policy
 * year, and names that must refer to something defined. Each bad fixture has one problem; the
 * offending line is quoted next to each expectation, with 1-based columns.
 */

/** The single issue of a bad fixture with exactly one problem. */
function onlyIssueOf(name: string): InputIssue {
  const issues = issuesOf(fixture(`bad/${name}.yaml`));
  expect(issues, issues.map(formatInputIssue).join('\n')).toHaveLength(1);
  return issues[0]!;
}

/** The expected issue of `bad/<name>.yaml` at line:column. */
function at(name: string, line: number, column: number, path: string, message: string | RegExp) {
  return { file: fixture(`bad/${name}.yaml`), line, column, path, message: typeof message === 'string' ? message : expect.stringMatching(message) };
}

describe('market checks accept a full marketplace', () => {
  it('loads every incident type, seasonality, processors, an injection, a trigger and mitigations', () => {
    const { scenario } = loadScenario(fixture('good/market-every-type.yaml'));
    expect(scenario.market!.sellers.map((segment) => segment.name)).toEqual(['small', 'mid', 'large']);
    expect(scenario.incidents.map((incident) => incident.type)).toEqual(['outage', 'third_party_outage', 'bug', 'breach', 'breach', 'data_mishandling', 'seller_misconduct', 'loss_event']);
    // And it compiles and runs: the injection is there in every trial.
    const model = compileModel(scenario, scenario.seed);
    for (let trial = 1; trial <= 20; trial++) {
      expect(runTrialOn(model, trial).incidents.filter((incident) => incident.name === 'black-friday-outage')).toHaveLength(1);
    }
  });
});

describe('market checks on seasonality and shares', () => {
  it('rejects a monthly seasonality of 11 entries', () => {
    // line 7: "    monthly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1.2, 1.5]"
    expect(onlyIssueOf('monthly-eleven')).toEqual(at('monthly-eleven', 7, 14, 'market.seasonality.monthly', 'expected 12 multipliers, got 11'));
  });

  it("rejects segments' gmv_share that do not sum to 1, saying by how much", () => {
    // line 7: "    - { name: small, count: 900, gmv_share: 0.35, margin: 0.2 }" (the list starts here)
    expect(onlyIssueOf('gmv-share-short')).toEqual(at('gmv-share-short', 7, 5, 'market.sellers', 'expected the gmv_share of the seller segments to sum to 1, got 0.95 (0.05 short)'));
  });

  it('rejects jurisdiction shares that do not sum to 1, saying by how much', () => {
    // line 7: "    jurisdictions: { eu: 0.5, california: 0.3, other: 0.4 }"
    expect(onlyIssueOf('jurisdictions-over')).toEqual(
      at('jurisdictions-over', 7, 20, 'market.buyers.jurisdictions', 'expected the jurisdiction shares (eu, california, other; other defaults to 1) to sum to 1, got 1.2 (0.2 over)'),
    );
  });

  // BUG (no check covers it; src/market/demand-curve.ts throws at compile time): a seasonality
  // whose weights are all zero cannot integrate to gmv, yet it validates; `faultline run` then
  // exits 1 with "unexpected error: seasonality: expected demand weights with a positive finite
  // sum over the year, got 0" instead of 2 with a file:line:col issue (MODEL §12).
  it('rejects a seasonality with no demand at all (every weekday 0) as bad input', () => {
    // line 7: "    weekday: [0, 0, 0, 0, 0, 0, 0]"
    const issue = onlyIssueOf('seasonality-all-zero');
    expect(issue).toMatchObject({ file: fixture('bad/seasonality-all-zero.yaml'), line: 7 });
    expect(issue.path).toMatch(/^market\.seasonality/);
  });

  it('rejects duplicate segment names at the second use', () => {
    // line 8: "    - { name: small, count: 10, gmv_share: 0.6, margin: 0.1 }"
    expect(onlyIssueOf('duplicate-segment')).toEqual(
      at('duplicate-segment', 8, 15, 'market.sellers[1].name', 'expected a unique seller segment name, got "small" again (first used by market.sellers[0])'),
    );
  });
});

describe('market checks on the calendar', () => {
  it('rejects an injection outside the policy year', () => {
    // line 10: "    at: 2028-11-24T10:00" (the year runs from 1 April 2027)
    expect(onlyIssueOf('inject-outside-horizon')).toEqual(
      at('inject-outside-horizon', 10, 9, 'inject[0].at', 'expected a time within the policy year 2027-04-01 to 2028-04-01 (exclusive), got "2028-11-24T10:00"'),
    );
  });

  it('rejects a peak outside the policy year', () => {
    // line 8: "      - { name: black-friday, date: 2028-11-24, multiplier: 4 }"
    expect(onlyIssueOf('peak-outside-year')).toEqual(
      at('peak-outside-year', 8, 37, 'market.seasonality.peaks[0].date', 'expected a date within the policy year 2027-01-01 to 2028-01-01 (exclusive), got "2028-11-24"'),
    );
  });

  // BUG (src/scenario/checks/check-calendar.ts, parseUtc): V8's Date.parse accepts 29–31 for any
  // month in an ISO date ("2027-02-29" parses as 1 March), so a peak on a day that does not exist
  // passes validation; compiling the market then throws a RangeError from
  // src/calendar/seasonality-profile.ts (parseUtcDate), and `faultline run` exits 1 with
  // "unexpected error" instead of 2 with a file:line:col issue (MODEL §12).
  it('rejects a peak on a day that does not exist (29 February 2027) as bad input', () => {
    // line 8: "      - { name: leap-sale, date: 2027-02-29, multiplier: 2 }"
    const issue = onlyIssueOf('peak-impossible-date');
    expect(issue).toMatchObject({ file: fixture('bad/peak-impossible-date.yaml'), line: 8, column: 34, path: 'market.seasonality.peaks[0].date' });
  });

  // BUG (same cause): an injection at "2027-02-30T10:00" is accepted and silently runs on 2 March.
  it('rejects an injection on a day that does not exist (30 February) as bad input', () => {
    // line 9: "    at: 2027-02-30T10:00"
    const issue = onlyIssueOf('inject-impossible-date');
    expect(issue).toMatchObject({ file: fixture('bad/inject-impossible-date.yaml'), line: 9, column: 9, path: 'inject[0].at' });
  });

  // BUG (src/scenario/schema/scenario-schema.ts, the `start` refine uses Date.parse): a start of
  // 2027-02-30 validates, then compiling the demand curve throws a RangeError (exit 1, not 2).
  it('rejects a start date that does not exist (30 February) as bad input', () => {
    // line 2: "start: 2027-02-30"
    const issue = onlyIssueOf('start-impossible-date');
    expect(issue).toMatchObject({ file: fixture('bad/start-impossible-date.yaml'), line: 2, column: 8, path: 'start' });
  });
});

describe('market checks on references', () => {
  it('rejects a trigger naming an unknown incident, with a suggestion', () => {
    // line 14: "      - { incident: outgae, probability: 0.5 }"
    expect(onlyIssueOf('trigger-unknown')).toEqual(
      at('trigger-unknown', 14, 21, 'incidents[0].triggers[0].incident', /^expected the name of an? incident definition defined in this scenario, got "outgae" \(did you mean "outage"\?\)$/),
    );
  });

  it('rejects a trigger cycle, naming the cycle at a trigger that closes it', () => {
    const issues = issuesOf(fixture('bad/trigger-cycle.yaml'));
    // line 21: "      - { incident: ransomware, probability: 0.1 }" (outage → ransomware closes ransomware → outage)
    expect(issues).toContainEqual(at('trigger-cycle', 21, 21, 'incidents[1].triggers[0].incident', 'expected triggers without a cycle, got ransomware → outage → ransomware'));
    // Every issue is about this cycle, at one of its two triggers (lines 14 and 21).
    for (const issue of issues) {
      expect([14, 21]).toContain(issue.line);
      expect(issue.message).toMatch(/^expected triggers without a cycle, got (ransomware → outage → ransomware|outage → ransomware → outage)$/);
    }
  });

  it('rejects a processor breach naming an undefined processor, with a suggestion', () => {
    // line 13: "    processor: paymnts"
    expect(onlyIssueOf('processor-undefined')).toEqual(
      at('processor-undefined', 13, 16, 'incidents[0].processor', 'expected the name of a processor defined in this scenario, got "paymnts" (did you mean "payments"?)'),
    );
  });

  it('rejects a third-party outage whose provider is undefined', () => {
    // line 9: "    provider: aws"
    expect(onlyIssueOf('provider-undefined')).toEqual(
      at('provider-undefined', 9, 15, 'incidents[0].provider', 'expected the name of a processor defined in this scenario, got "aws" (this scenario defines no processors)'),
    );
  });

  it('rejects a mitigation naming an unknown incident, with a suggestion', () => {
    // line 15: "    applies_to: [breach, breech]"
    expect(onlyIssueOf('mitigation-unknown-incident')).toEqual(
      at('mitigation-unknown-incident', 15, 26, 'mitigations[0].applies_to[1]', /^expected the name of an? incident defined in this scenario, got "breech" \(did you mean "breach"\?\)$/),
    );
  });

  it('rejects a segment that does not exist, with a suggestion', () => {
    // line 13: "    segment: smal"
    expect(onlyIssueOf('segment-unknown')).toEqual(
      at('segment-unknown', 13, 14, 'incidents[0].segment', 'expected the name of a seller segment defined in this scenario, got "smal" (did you mean "small"?)'),
    );
  });

  it('rejects an overcharge bug without a price_error, at the incident', () => {
    // line 7: "  - type: bug" (the field is missing, so the incident is pointed at)
    expect(onlyIssueOf('overcharge-without-price-error')).toEqual(
      at('overcharge-without-price-error', 7, 5, 'incidents[0].price_error', /^expected a price_error distribution for an? overcharge bug, got nothing$/),
    );
  });

  it('rejects an incident other than loss_event in a scenario without a market', () => {
    // line 3: "  - type: outage"
    expect(onlyIssueOf('outage-without-market')).toEqual(at('outage-without-market', 3, 11, 'incidents[0].type', /^expected a market section for an? outage incident, got a scenario without one$/));
  });
});

describe('faultline run on a scenario with several market problems', () => {
  const root = makeTempFolder('faultline-market-checks');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists every problem at its file:line:col, in file order, writes nothing and exits 2', async () => {
    const file = 'test/fixtures/scenarios/bad/market-problems.yaml';
    const out = join(root, 'report');
    const { status, stdout, stderr } = await runCli(['run', file, '--out', out, '--trials', '10']);
    expect(status, stderr).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toEqual([
      // line 7: "    jurisdictions: { eu: 0.3, california: 0.3, other: 0.3 }"
      `${file}:7:20: market.buyers.jurisdictions: expected the jurisdiction shares (eu, california, other; other defaults to 1) to sum to 1, got 0.9 (0.1 short)`,
      // line 9: "    hourly: [1, 1, 1]"
      `${file}:9:13: market.seasonality.hourly: expected 24 multipliers, got 3`,
      // line 11: "    - { name: small, count: 900, gmv_share: 0.5, margin: 0.2 }"
      `${file}:11:5: market.sellers: expected the gmv_share of the seller segments to sum to 1, got 1.1 (0.1 over)`,
      // line 17: "    processor: payments" (the scenario defines none)
      `${file}:17:16: incidents[0].processor: expected the name of a processor defined in this scenario, got "payments" (this scenario defines no processors)`,
      // line 24: "    at: 2026-11-27T10:00" (the year is 2027)
      `${file}:24:9: inject[0].at: expected a time within the policy year 2027-01-01 to 2028-01-01 (exclusive), got "2026-11-27T10:00"`,
      '5 problems found.',
    ]);
    expect(existsSync(out)).toBe(false);
  });
});
