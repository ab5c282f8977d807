import { describe, expect, it } from 'vitest';
import { buildScenario } from '../helpers/build-scenario.ts';
import { constant, expectComponents, marketScenario, runTrial } from '../helpers/fixed-trial.ts';

/** A loss_event (MODEL §7): one component of the drawn `loss`, borne by `bearer`, tagged `coverage`. */
function lossEvent(bearer: string, amount: number, coverage = 'third_party_damages') {
  return { type: 'loss_event', name: 'loss', at: '2027-02-01', loss: constant(amount), bearer, coverage };
}

describe('loss_event impacts', () => {
  it('splits a loss borne by `sellers` across segments pro rata to gmv_share', () => {
    // Segments small (40%) and large (60%) of the flat market.
    const trial = runTrial(marketScenario({ inject: [lossEvent('sellers', 100_000)] }));
    expectComponents(trial.components, [
      ['loss_event', 'sellers:small', 40_000, 'third_party_damages'],
      ['loss_event', 'sellers:large', 60_000, 'third_party_damages'],
    ]);
  });

  it('books a loss borne by one segment, the platform or a processor as one component', () => {
    const trial = runTrial(
      marketScenario({
        inject: [
          lossEvent('sellers:large', 1_000, 'uninsured'),
          { ...lossEvent('platform', 2_000, 'incident_response'), name: 'second' },
          { ...lossEvent('processor:payments', 3_000, 'forensics'), name: 'third' },
        ],
      }),
    );
    expectComponents(trial.components, [
      ['loss_event', 'sellers:large', 1_000, 'uninsured'],
      ['loss_event', 'platform', 2_000, 'incident_response'],
      ['loss_event', 'processor:payments', 3_000, 'forensics'],
    ]);
  });

  it('keeps `sellers` whole in a scenario without a market', () => {
    const trial = runTrial(buildScenario({ inject: [lossEvent('sellers', 5_000)] }));
    expectComponents(trial.components, [['loss_event', 'sellers', 5_000, 'third_party_damages']]);
  });

  it('counts a negative draw as no loss', () => {
    // Drawn (a normal of sd 0): a constant below 0 is refused when the scenario is read.
    const trial = runTrial(buildScenario({ inject: [{ ...lossEvent('platform', 0), loss: { dist: 'normal', mean: -50, sd: 0 } }] }));
    expect(trial.components).toEqual([]);
  });
});
