import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { makeTempFolder } from '../helpers/run-cli.ts';
import { fixture, issuesOf } from '../helpers/scenario-issues.ts';

/**
 * The loader's checks of `risk_tolerance` and `cost_of_capital` (MODEL §10, §12): each bad value
 * is refused with its file, line, column and field. Every scenario below extends the strategies'
 * base (a platform breach risk, policies platform-cyber and cyber-excess).
 */

const root = makeTempFolder('faultline-appetite-issues');
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

/** Every issue of a scenario over the strategies' base, whose appetite is `yaml` (from line 3), as `line:col path: message`. */
function linesOf(yaml: string): string[] {
  const file = join(root, `case-${++count}.yaml`);
  writeFileSync(file, `name: appetite-case\nextends: ${fixture('strategies/base.yaml')}\n${yaml}`);
  return issuesOf(file).map(({ line, column, path, message }) => `${line}:${column} ${path}: ${message}`);
}

describe('risk_tolerance', () => {
  it('loads a good appetite, with insurers as bearers and the capital measure defaulted', () => {
    const { scenario } = loadScenario(fixture('risk-appetite/good.yaml'));
    expect(scenario.risk_tolerance).toEqual({
      platform: [
        { loss: 5_000_000, probability: 0.05 },
        { loss: 20_000_000, probability: 0.01 },
      ],
      'insurer:cyber-excess': [{ loss: 0, probability: 0.02 }],
    });
    expect(scenario.cost_of_capital).toEqual({ platform: { rate: 0.08, on: 'tvar_99_over_mean' } });
  });

  it('refuses a bearer the run does not report, at its key, suggesting the nearest', () => {
    expect(linesOf('risk_tolerance:\n  platfrom: [{ loss: 1000, probability: 0.1 }]\n')).toEqual([
      '4:3 risk_tolerance.platfrom: expected a bearer the run reports (did you mean "platform"?), got "platfrom"',
    ]);
    expect(linesOf('risk_tolerance:\n  regulators: [{ loss: 1000, probability: 0.1 }]\n')).toEqual([
      '4:3 risk_tolerance.regulators: expected a bearer the run reports (the run reports platform, insurer:cyber-excess, insurer:platform-cyber), got "regulators"',
    ]);
  });

  it('knows the insurer a strategy adds', () => {
    const yaml = [
      'strategies:',
      '  - name: more',
      '    insurance: { layers: [{ name: top, over: platform-cyber, attachment: 20500000, limit: 5000000, premium: 1000 }] }',
      'risk_tolerance:',
      '  insurer:top: [{ loss: 0, probability: 0.01 }]',
      '',
    ].join('\n');
    const file = join(root, 'strategy-insurer.yaml');
    writeFileSync(file, `name: appetite-case\nextends: ${fixture('strategies/base.yaml')}\n${yaml}`);
    expect(loadScenario(file).scenario.risk_tolerance).toEqual({ 'insurer:top': [{ loss: 0, probability: 0.01 }] });
  });

  it('refuses probabilities outside (0, 1] and negative losses, each at its value', () => {
    expect(linesOf(['risk_tolerance:', '  platform:', '    - { loss: -5, probability: 0.5 }', '    - { loss: 100, probability: 0 }', '    - { loss: 200, probability: 1.5 }', ''].join('\n'))).toEqual([
      '5:15 risk_tolerance.platform[0].loss: expected a loss ≥ 0, got -5',
      '6:33 risk_tolerance.platform[1].probability: expected a probability in (0, 1] (0 would forbid the loss outright), got 0',
      '7:33 risk_tolerance.platform[2].probability: expected a probability in (0, 1], got 1.5',
    ]);
  });

  it('refuses losses that do not increase and probabilities that do not decrease, naming the point before', () => {
    expect(
      linesOf(['risk_tolerance:', '  platform:', '    - { loss: 1000, probability: 0.1 }', '    - { loss: 1000, probability: 0.05 }', '    - { loss: 5000, probability: 0.1 }', ''].join('\n')),
    ).toEqual([
      '6:15 risk_tolerance.platform[1].loss: expected losses strictly increasing, got 1000 after 1000 (point 0)',
      '7:34 risk_tolerance.platform[2].probability: expected probabilities strictly decreasing, got 0.1 after 0.05 (point 1): a larger loss at the same or a higher probability never binds',
    ]);
  });

  it('refuses an empty curve, a point without its probability and an unknown field of a point', () => {
    expect(linesOf('risk_tolerance:\n  platform: []\n')).toEqual(['4:13 risk_tolerance.platform: expected at least one point { loss, probability }, got an empty list']);
    const lines = linesOf('risk_tolerance:\n  platform: [{ loss: 1000, prob: 0.1 }]\n');
    expect(lines).toEqual([
      '4:14 risk_tolerance.platform[0].probability: expected a number, got nothing',
      '4:28 risk_tolerance.platform[0].prob: expected a known field (known fields: loss, probability), got unknown field "prob"',
    ]);
  });
});

describe('cost_of_capital', () => {
  it('refuses a rate written as a percentage, an unknown measure and an unknown bearer', () => {
    expect(linesOf('cost_of_capital:\n  platform: { rate: 8, on: var_99 }\n')).toEqual([
      '4:21 cost_of_capital.platform.rate: expected a rate a year in (0, 1], as a fraction (0.08 for 8%), got 8',
      '4:28 cost_of_capital.platform.on: expected one of tvar_99_over_mean, tvar_99, got "var_99"',
    ]);
    expect(linesOf('cost_of_capital:\n  insurer:platfrom-cyber: { rate: 0.1 }\n')).toEqual([
      '4:3 cost_of_capital.insurer:platfrom-cyber: expected a bearer the run reports (did you mean "insurer:platform-cyber"?), got "insurer:platfrom-cyber"',
    ]);
  });
});
