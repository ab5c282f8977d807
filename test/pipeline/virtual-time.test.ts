import { throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { atVirtualTimes, mergeInVirtualTime } from '../../src/pipeline/virtual-time.ts';

const event = (stream: string, timeHours: number, label: string) => ({ stream, timeHours, label });

describe('mergeInVirtualTime', () => {
  it("orders the streams' events by time, then stream priority, then sequence within a stream", () => {
    const platform = [event('platform', 5, 'down'), event('platform', 9, 'up')];
    const demand = [event('demand', 0, 'january'), event('demand', 5, 'falls'), event('demand', 9, 'back')];
    const claims = [event('claims', 9, 'first'), event('claims', 9, 'second')];
    const merged = mergeInVirtualTime([(s) => atVirtualTimes(platform, s), (s) => atVirtualTimes(demand, s), (s) => atVirtualTimes(claims, s)]);
    expect(merged.map((e) => `${e.timeHours} ${e.stream} ${e.label}`)).toEqual([
      '0 demand january',
      '5 platform down',
      '5 demand falls',
      '9 platform up',
      '9 demand back',
      '9 claims first',
      '9 claims second',
    ]);
  });

  it('gives the same order whatever order a stream lists its events in, but for simultaneous ones', () => {
    const early = [event('a', 3, 'x'), event('a', 1, 'y')];
    expect(mergeInVirtualTime([(s) => atVirtualTimes(early, s)]).map((e) => e.label)).toEqual(['y', 'x']);
  });

  it('handles fractional hours and empty streams', () => {
    const merged = mergeInVirtualTime([(s) => atVirtualTimes([], s), (s) => atVirtualTimes([event('b', 0.25, 'quarter'), event('b', 0.125, 'eighth')], s)]);
    expect(merged.map((e) => e.label)).toEqual(['eighth', 'quarter']);
  });

  it('throws what a stream fails with', () => {
    expect(() => mergeInVirtualTime([() => throwError(() => new RangeError('negative hours'))])).toThrow('negative hours');
  });
});
