import { describe, expect, it } from 'vitest';
import { formatInputIssue, ScenarioError, type InputIssue } from '../../src/errors.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { fixture, issuesOf } from '../helpers/scenario-issues.ts';

/**
 * The loader on bad input (MODEL §12): every problem is reported, each at the file, line and
 * column of the offending text, with the field path and an `expected …, got …` message.
 *
 * Positions are 1-based and checked against the fixture files in test/fixtures/scenarios/; the
 * offending line is quoted in a comment next to each expectation.
 */

/** The single issue of a file with exactly one problem. */
function onlyIssueOf(file: string): InputIssue {
  const issues = issuesOf(file);
  expect(issues, issues.map(formatInputIssue).join('\n')).toHaveLength(1);
  return issues[0]!;
}

const EXPECTED_GOT = /^expected .+, got .+/;

describe('loadScenario on valid files', () => {
  it('loads a YAML scenario with defaults applied', () => {
    const loaded = loadScenario(fixture('good/loss-event.yaml'));
    expect(loaded.scenario).toMatchObject({ name: 'loss-event', seed: 7, trials: 5000, currency: 'USD', start: '2027-01-01' });
    expect(loaded.scenario.incidents[0]).toMatchObject({ type: 'loss_event', name: 'breach', coverage: 'uninsured', timing: 'uniform' });
    expect(loaded.files).toEqual([fixture('good/loss-event.yaml')]);
    expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('loads the same scenario written as JSON, with the same hash but for its name', () => {
    const json = loadScenario(fixture('good/loss-event.json'));
    const yaml = loadScenario(fixture('good/loss-event.yaml'));
    expect({ ...json.scenario, name: 'x' }).toEqual({ ...yaml.scenario, name: 'x' });
  });

  it('records every file of an extends chain, most basic first', () => {
    const loaded = loadScenario(fixture('chain/leaf.yaml'));
    expect(loaded.files).toEqual([fixture('chain/base.yaml'), fixture('chain/middle.yaml'), fixture('chain/leaf.yaml')]);
    expect(loaded.scenario.name).toBe('chain-leaf');
  });
});

describe('loadScenario on a single problem', () => {
  it('reports malformed YAML at the position of the syntax error', () => {
    // line 5: "    frequency: { dist: poisson, mean: 2"  (the flow map is never closed)
    // line 6: "    bearer: platform"                     (where the parser finds out)
    const issue = onlyIssueOf(fixture('bad/malformed.yaml'));
    expect(issue).toMatchObject({ file: fixture('bad/malformed.yaml'), line: 6, column: 5 });
    expect(issue.message).toMatch(/^expected valid YAML or JSON, got a syntax error: Flow map .* end with a }$/);
  });

  it('reports malformed JSON at the stray character', () => {
    // line 3: '  "trials": 100,,'  — column 17 is the second comma
    const issue = onlyIssueOf(fixture('bad/malformed.json'));
    expect(issue).toMatchObject({ file: fixture('bad/malformed.json'), line: 3, column: 17 });
    expect(issue.message).toMatch(/^expected valid YAML or JSON, got a syntax error: /);
  });

  it('reports an unknown field at its key, with a "did you mean" suggestion', () => {
    // line 5: "    freqency: { dist: poisson, mean: 2 }"
    const issues = issuesOf(fixture('bad/unknown-field.yaml'));
    expect(issues).toContainEqual({
      file: fixture('bad/unknown-field.yaml'),
      line: 5,
      column: 5,
      path: 'incidents[0].freqency',
      message: 'expected a known field (did you mean "frequency"?), got unknown field "freqency"',
    });
    // The misspelt field leaves `frequency` missing: reported at the incident (line 3: "  - type: loss_event").
    expect(issues).toContainEqual({
      file: fixture('bad/unknown-field.yaml'),
      line: 3,
      column: 5,
      path: 'incidents[0].frequency',
      message: 'expected a number (a fixed count) or a distribution object such as { dist: poisson, … }, got nothing',
    });
    expect(issues).toHaveLength(2);
  });

  it('reports an unknown top-level field at its key, with a suggestion', () => {
    // line 2: "trails: 5000"
    expect(onlyIssueOf(fixture('bad/unknown-top-level.yaml'))).toEqual({
      file: fixture('bad/unknown-top-level.yaml'),
      line: 2,
      column: 1,
      path: 'trails',
      message: 'expected a known field (did you mean "trials"?), got unknown field "trails"',
    });
  });

  it('reports wrong types at the values, saying what was found', () => {
    const file = fixture('bad/wrong-types.yaml');
    expect(issuesOf(file)).toEqual([
      // line 2: "trials: many"
      { file, line: 2, column: 9, path: 'trials', message: 'expected a number, got "many"' },
      // line 6: '    frequency: { dist: poisson, mean: "2" }'
      { file, line: 6, column: 39, path: 'incidents[0].frequency.mean', message: 'expected a finite number, got "2"' },
    ]);
  });

  it('reports a negative Poisson mean (a negative rate)', () => {
    // line 5: "    frequency: { dist: poisson, mean: -0.5 }"
    expect(onlyIssueOf(fixture('bad/negative-rate.yaml'))).toEqual({
      file: fixture('bad/negative-rate.yaml'),
      line: 5,
      column: 39,
      path: 'incidents[0].frequency.mean',
      message: 'expected mean ≥ 0, got -0.5',
    });
  });

  it('reports a lognormal p95 not above p05 at p95', () => {
    // line 9: "      p95: 10000"
    expect(onlyIssueOf(fixture('bad/p05-above-p95.yaml'))).toEqual({
      file: fixture('bad/p05-above-p95.yaml'),
      line: 9,
      column: 12,
      path: 'incidents[0].loss.p95',
      message: 'expected p95 greater than p05 (250000), got 10000',
    });
  });

  it('reports an unknown dist at the dist value, with a suggestion', () => {
    // line 5: "    frequency: { dist: possion, mean: 2 }"
    expect(onlyIssueOf(fixture('bad/unknown-dist.yaml'))).toEqual({
      file: fixture('bad/unknown-dist.yaml'),
      line: 5,
      column: 24,
      path: 'incidents[0].frequency.dist',
      message: 'expected dist to be one of poisson, negative_binomial, bernoulli, fixed, got "possion" (did you mean "poisson"?)',
    });
  });

  it('reports an unknown incident type at the type value, with a suggestion', () => {
    // line 3: "  - type: loss_evnt"
    expect(onlyIssueOf(fixture('bad/unknown-type.yaml'))).toEqual({
      file: fixture('bad/unknown-type.yaml'),
      line: 3,
      column: 11,
      path: 'incidents[0].type',
      message: 'expected type to be one of outage, third_party_outage, bug, breach, data_mishandling, seller_misconduct, loss_event, got "loss_evnt" (did you mean "loss_event"?)',
    });
  });

  it('reports a duplicate incident name at the second use', () => {
    // line 9: "    name: breach" (the first is on line 4)
    expect(onlyIssueOf(fixture('bad/duplicate-name.yaml'))).toEqual({
      file: fixture('bad/duplicate-name.yaml'),
      line: 9,
      column: 11,
      path: 'incidents[1].name',
      message: 'expected a unique incident name, got "breach" again (first used by incidents[0])',
    });
  });

  it('reports a seller-segment bearer in a scenario without a market', () => {
    // line 7: "    bearer: sellers:x"
    const issue = onlyIssueOf(fixture('bad/bearer-without-market.yaml'));
    expect(issue).toMatchObject({ file: fixture('bad/bearer-without-market.yaml'), line: 7, column: 13, path: 'incidents[0].bearer' });
    expect(issue.message).toBe('expected sellers:<name> with the name of a seller segment defined in this scenario, got "sellers:x" (this scenario defines no seller segments)');
  });

  it('reports an empty file as missing fields at 1:1', () => {
    const file = fixture('bad/empty.yaml');
    expect(issuesOf(file)).toEqual([
      { file, line: 1, column: 1, path: 'name', message: 'expected text, got nothing (the field is missing)' },
      { file, line: 1, column: 1, path: 'incidents', message: 'expected at least one incident definition or injection, got none' },
    ]);
  });

  it('reports an alias to an undefined anchor at the alias, as bad input', () => {
    // line 9: "  - *second"
    const issue = onlyIssueOf(fixture('bad/unresolved-alias.yaml'));
    expect(issue).toMatchObject({ file: fixture('bad/unresolved-alias.yaml'), line: 9, column: 5 });
    expect(issue.message).toMatch(/^expected valid YAML or JSON, got Unresolved alias .*: second$/);
  });

  it('reports a missing file and a folder given as a scenario as bad input', () => {
    expect(onlyIssueOf(fixture('bad/no-such-file.yaml'))).toEqual({
      file: fixture('bad/no-such-file.yaml'),
      message: 'expected a scenario file, got no file at this path',
    });
    expect(onlyIssueOf(fixture('chain'))).toEqual({
      file: fixture('chain'),
      message: 'expected a readable scenario file, got a folder',
    });
  });

  it('words every message as "expected …, got …"', () => {
    const files = ['unknown-field', 'unknown-top-level', 'wrong-types', 'negative-rate', 'p05-above-p95', 'unknown-dist', 'unknown-type', 'duplicate-name'];
    for (const name of files) {
      for (const issue of issuesOf(fixture(`bad/${name}.yaml`))) expect(issue.message).toMatch(EXPECTED_GOT);
    }
  });
});

describe('loadScenario on extends problems', () => {
  it('reports a missing base at the extends line of the file that names it', () => {
    // line 3: "extends: no-such-base.yaml"
    expect(onlyIssueOf(fixture('bad/missing-base.yaml'))).toEqual({
      file: fixture('bad/missing-base.yaml'),
      line: 3,
      column: 10,
      path: 'extends',
      message: `expected an existing scenario file, got "no-such-base.yaml" (no file at ${fixture('bad/no-such-base.yaml')})`,
    });
  });

  it('reports a folder named as a base at the extends line', () => {
    // line 2: "extends: ../chain"
    expect(onlyIssueOf(fixture('bad/extends-folder.yaml'))).toMatchObject({
      file: fixture('bad/extends-folder.yaml'),
      line: 2,
      column: 10,
      path: 'extends',
      message: `expected an existing scenario file, got "../chain" (a folder at ${fixture('chain')})`,
    });
  });

  it('reports a cycle a → b → a at the extends that closes it, naming the whole cycle', () => {
    // cycle-a.yaml line 1: "extends: cycle-b.yaml"; cycle-b.yaml line 2: "extends: cycle-a.yaml"
    const [a, b] = [fixture('bad/cycle-a.yaml'), fixture('bad/cycle-b.yaml')];
    expect(onlyIssueOf(a)).toEqual({
      file: b,
      line: 2,
      column: 10,
      path: 'extends',
      message: `expected a chain of bases without a cycle, got ${a} → ${b} → ${a}`,
    });
    expect(onlyIssueOf(b)).toEqual({
      file: a,
      line: 1,
      column: 10,
      path: 'extends',
      message: `expected a chain of bases without a cycle, got ${b} → ${a} → ${b}`,
    });
  });

  it('reports an error inside a base with the base file name and line', () => {
    // broken-base.yaml line 11: "    loss: { dist: lognormal, p05: 900, p95: 90 }"
    expect(onlyIssueOf(fixture('bad/variant-of-broken-base.yaml'))).toEqual({
      file: fixture('bad/broken-base.yaml'),
      line: 11,
      column: 45,
      path: 'incidents[1].loss.p95',
      message: 'expected p95 greater than p05 (900), got 90',
    });
  });

  it("reports an error in a variant's override at the variant's line, not the base's", () => {
    const file = fixture('bad/bad-override.yaml');
    expect(issuesOf(file)).toEqual([
      // line 6: "    frequency: { dist: poisson, mean: -3 }"
      { file, line: 6, column: 39, path: 'incidents[0].frequency.mean', message: 'expected mean ≥ 0, got -3' },
      // line 7: "    bearr: buyers"
      {
        file,
        line: 7,
        column: 5,
        path: 'incidents[0].bearr',
        message: 'expected a known field (did you mean "bearer"?), got unknown field "bearr"',
      },
    ]);
  });
});

describe('loadScenario on several problems', () => {
  it('lists every problem of a file, each at its own line', () => {
    const file = fixture('bad/many-problems.yaml');
    const issues = issuesOf(file);
    const at = (issue: InputIssue) => `${issue.line}:${issue.column} ${issue.path}`;
    expect(issues.map(at).sort()).toEqual(
      [
        '2:9 trials', // "trials: 0"
        '3:11 currency', // "currency: usd"
        '7:39 incidents[0].frequency.mean', // "    frequency: { dist: poisson, mean: -1 }"
        '8:45 incidents[0].loss.p95', // "    loss: { dist: lognormal, p05: 500, p95: 50 }"
        '11:11 incidents[1].name', // "    name: outage" (again)
        '14:13 incidents[1].bearer', // "    bearer: sellers:x"
        '15:5 incidents[1].colour', // "    colour: red"
      ].sort(),
    );
    for (const issue of issues) {
      expect(issue.file).toBe(file);
      expect(issue.message).toMatch(EXPECTED_GOT);
    }
  });

  it('lists the problems of a JSON file with their positions', () => {
    const file = fixture('bad/bad.json');
    expect(issuesOf(file)).toEqual([
      // line 7: '      "frequency": { "dist": "poisson", "mean": -2 },'
      { file, line: 7, column: 49, path: 'incidents[0].frequency.mean', message: 'expected mean ≥ 0, got -2' },
      // line 10: '      "coverge": "uninsured"'
      {
        file,
        line: 10,
        column: 7,
        path: 'incidents[0].coverge',
        message: 'expected a known field (did you mean "coverage"?), got unknown field "coverge"',
      },
    ]);
  });

  it('renders each issue as the one line the CLI prints', () => {
    const file = fixture('bad/negative-rate.yaml');
    const error = (() => {
      try {
        loadScenario(file);
      } catch (caught) {
        return caught as ScenarioError;
      }
      throw new Error('expected a ScenarioError');
    })();
    expect(error.message).toBe(`${file}:5:39: incidents[0].frequency.mean: expected mean ≥ 0, got -0.5`);
  });
});
