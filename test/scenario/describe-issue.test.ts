import { describe, expect, it } from 'vitest';
import { describeIssue, scenarioErrorMap } from '../../src/scenario/describe-issue.ts';
import { scenarioSchema } from '../../src/scenario/schema/scenario-schema.ts';

function messagesOf(input: Record<string, unknown>): [string, string][] {
  const result = scenarioSchema.safeParse({ name: 'x', ...input }, { reportInput: true, error: scenarioErrorMap });
  return result.success ? [] : result.error.issues.flatMap(describeIssue).map((issue) => [issue.path.join('.'), issue.message]);
}

describe('describeIssue', () => {
  it('suggests the known key of a map keyed by an enum (data classes, causes, severity fields)', () => {
    const messages = messagesOf({
      market: { gmv: 1, take_rate: 0.1, buyers: { accounts: 1, records_per_account: { contct: 1 } } },
      mitigations: [{ name: 'm', severity: { duraton_hours: 0.5 } }],
    });
    expect(messages).toContainEqual(['market.buyers.records_per_account.contct', 'expected a known field (did you mean "contact"?), got unknown field "contct"']);
    expect(messages).toContainEqual(['mitigations.0.severity.duraton_hours', 'expected a known field (did you mean "duration_hours"?), got unknown field "duraton_hours"']);
  });

  it('lists the known fields of an object when nothing is close', () => {
    expect(messagesOf({ zzz: 1 })).toContainEqual([
      'zzz',
      expect.stringMatching(
        /^expected a known field \(known fields: name, description, extends, seed, trials, start, currency, market, incidents, inject, mitigations, breach_costs, regulation, contracts, negligence, dispute, insurance, strategies, risk_tolerance, cost_of_capital\), got unknown field "zzz"$/,
      ),
    ]);
  });
});
