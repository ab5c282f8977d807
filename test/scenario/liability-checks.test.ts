import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { PROJECT_ROOT, runCli } from '../helpers/run-cli.ts';

const FILE = join(PROJECT_ROOT, 'test/fixtures/scenarios/bad-liability/contracts.yaml');

describe('contracts, negligence and dispute bad input', () => {
  it('lists every problem with its line, column, path and what was expected', () => {
    let issues: ScenarioError['issues'] = [];
    try {
      loadScenario(FILE);
    } catch (error) {
      issues = (error as ScenarioError).issues;
    }
    expect(issues.map(({ line, column, path, message }) => `${line}:${column} ${path}: ${message}`)).toEqual([
      "12:18 contracts.seller_terms.sla_tiers[1].below: expected a threshold below the previous tier's 0.99 (tiers go from the highest uptime down, without overlap), got 0.999",
      '14:20 contracts.processor_terms[0].processor: expected the name of a processor under market.platform.processors, got "paymnts" (did you mean "payments"?)',
      "18:34 contracts.processor_terms[1].sla_tiers[1].credit: expected a credit above the previous tier's 0.3 (lower uptime earns more), got 0.2",
      '19:21 negligence.base: expected a number from 0 to 1, got 1.4',
      '21:3 dispute: expected the probabilities of negotiation, arbitration and litigation to sum to 1, got 0.8 (0.2 short; an absent channel counts as negotiation 1, others 0)',
    ]);
  });

  it('makes run exit 2 and write nothing', async () => {
    const run = await runCli(['run', FILE, '--trials', '10', '--out', join(PROJECT_ROOT, 'reports', 'never-written')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('5 problems found.');
  });
});
