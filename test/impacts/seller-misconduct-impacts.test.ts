import { describe, expect, it } from 'vitest';
import type { SellerMisconductIncident } from '../../src/incidents/incident.ts';
import { constant, expectComponents, marketScenario, runTrial } from '../helpers/fixed-trial.ts';

/** Seller misconduct (MODEL §7): buyers lose orders × order value, owed by the seller. */
describe('seller_misconduct impacts', () => {
  it('books buyer_loss = orders × value for the buyers', () => {
    const trial = runTrial(
      marketScenario({
        inject: [{ type: 'seller_misconduct', name: 'fakes', kind: 'counterfeit', segment: 'small', at: '2027-08-15', orders: constant(40), order_value: constant(75) }],
      }),
    );
    expect(trial.incidents[0] as SellerMisconductIncident).toMatchObject({ cause: 'counterfeit', segment: 'small', orders: 40, orderValue: 75 });
    expectComponents(trial.components, [['buyer_loss', 'buyers', 3_000, 'third_party_damages']]);
  });

  it('counts whole orders: a drawn 12.4 orders is 12', () => {
    const trial = runTrial(
      marketScenario({
        inject: [{ type: 'seller_misconduct', name: 'gone', kind: 'undelivered', at: '2027-08-15', orders: constant(12.4), order_value: constant(100) }],
      }),
    );
    expectComponents(trial.components, [['buyer_loss', 'buyers', 1_200, 'third_party_damages']]);
  });
});
