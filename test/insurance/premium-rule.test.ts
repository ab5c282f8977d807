import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { emptyYearLossTable } from '../../src/engine/run-simulation.ts';
import { pricePremiums } from '../../src/stats/price-premiums.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import type { SummaryRow } from '../../src/stats/summarize-run.ts';
import { makeTempFolder, PROJECT_ROOT } from '../helpers/run-cli.ts';

/** The pricing rule on its own: what it compiles to (a per-seller load × holders) and the arithmetic of pricePremiums. */

/** The default marketplace with the small sellers' per-seller policy priced by rule; 40,000 sellers × take-up 0.15 = 6,000 holders. */
function pricedMarketplace() {
  const text = readFileSync(join(PROJECT_ROOT, 'scenarios/marketplace.yaml'), 'utf8').replace('premium: 0.68', 'premium: { rule: expected_loss, target_loss_ratio: 0.4, load: 0.5 }');
  const file = join(makeTempFolder('faultline-premium-rule'), 'marketplace.yaml');
  writeFileSync(file, text);
  return compileModel(loadScenario(file).scenario, 1);
}

describe('a pricing-rule premium', () => {
  const model = pricedMarketplace();
  const table = emptyYearLossTable(model, 10);
  const cost = (name: string) => table.costs[0]!.premiums.find((premium) => premium.name === name)!;

  it('compiles to no fixed amount and the rule, its load per seller × the holders', () => {
    expect(cost('small-seller-cyber')).toMatchObject({ amount: 0, rule: { rule: 'expected_loss', targetLossRatio: 0.4, load: 0.5 * 40_000 * 0.15 } });
    expect(cost('platform-cyber').rule).toBeUndefined();
    expect(cost('platform-cyber').amount).toBe(760_000);
  });

  it('is priced at the expected loss ÷ the target loss ratio + the load; fixed premiums stay', () => {
    const summaries = table.bearers.map((bearer) => ({ strategy: 'baseline', bearer, summary: { mean: bearer === 'insurer:small-seller-cyber' ? 1_600 : 0 } }) as unknown as SummaryRow);
    pricePremiums(table, summaries);
    expect(cost('small-seller-cyber').amount).toBe(1_600 / 0.4 + 3_000);
    expect(cost('small-seller-cyber').rule!.expectedLoss).toBe(1_600);
    expect(cost('platform-cyber').amount).toBe(760_000);
    // Pricing again gives the same premiums: it reads losses, never premiums.
    pricePremiums(table, summaries);
    expect(cost('small-seller-cyber').amount).toBe(7_000);
  });
});
