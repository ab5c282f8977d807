import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareIncidents, type Incident } from '../../src/incidents/incident.ts';
import { sortIncidents } from '../../src/incidents/sort-incidents.ts';

/**
 * sortIncidents (the incident stage's sort: insertion on a typed-array scratch up to 64
 * incidents, the native sort above) orders like `Array.prototype.sort(compareIncidents)`.
 */

/** A loss_event incident at `timeHours` with the given tie-breaks. */
function incident(timeHours: number, definitionIndex: number, candidate: number): Incident {
  return {
    type: 'loss_event',
    name: `d${definitionIndex}`,
    timeHours,
    definitionIndex,
    candidate,
    triggeredBy: undefined,
    negligenceDraw: 0,
    churnShare: 0,
    lossAmount: 1,
    bearer: 'platform',
    coverage: 'third_party_damages',
  };
}

/** Incidents of distinct (definition, candidate), times from a few values so that ties are common. */
const incidents = fc
  .array(fc.record({ time: fc.constantFrom(0, 0.5, 1, 24, 8759.9), jitter: fc.boolean(), definition: fc.nat({ max: 5 }) }), { maxLength: 150 })
  .map((drawn) => drawn.map(({ time, jitter, definition }, index) => incident(jitter ? time + index / 1000 : time, definition, index + 1)));

describe('sortIncidents', () => {
  it('gives the order of the native sort by compareIncidents, below, at and above the insertion-sort size', () => {
    fc.assert(
      fc.property(incidents, (list) => {
        const sorted = [...list];
        sortIncidents(sorted);
        expect(sorted).toEqual([...list].sort(compareIncidents));
      }),
      { numRuns: 300 },
    );
    for (const size of [0, 1, 2, 63, 64, 65, 200]) {
      const list = Array.from({ length: size }, (_, index) => incident((index * 7919) % 97, index % 3, index + 1));
      const sorted = [...list];
      sortIncidents(sorted);
      expect(sorted).toEqual([...list].sort(compareIncidents));
    }
  });

  it('leaves no state behind: a second list of other times sorts as it would alone', () => {
    const first = [incident(5, 0, 1), incident(3, 0, 2), incident(4, 0, 3)];
    sortIncidents(first);
    const second = [incident(2, 1, 1), incident(1, 1, 2)];
    sortIncidents(second);
    expect(second.map((i) => i.timeHours)).toEqual([1, 2]);
    expect(first.map((i) => i.timeHours)).toEqual([3, 4, 5]);
  });
});
