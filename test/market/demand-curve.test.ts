import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { createDemandCurve, type SeasonalitySpec } from '../../src/market/demand-curve.ts';

/** Expects `actual` to equal `expected` within `tolerance` relative. */
function expectRelative(actual: number, expected: number, tolerance = 1e-9): void {
  // The floor only matters for subnormal amounts (fast-check likes intervals of 1e-323 hours).
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected) + 1e-300);
}

// Hour-of-day multipliers used by the hand-computed cases. Written out in rows of six:
//   00–05: 0.4 + 0.3 + 0.2 + 0.2 + 0.3 + 0.6 = 2.0
//   06–11: 0.9 + 1.1 + 1.3 + 1.4 + 1.5 + 1.6 = 7.8
//   12–17: 1.7 + 1.6 + 1.5 + 1.4 + 1.4 + 1.5 = 9.1
//   18–23: 1.3 + 1.2 + 1.0 + 0.8 + 0.5 + 0.3 = 5.1      so H = Σ hourly = 24.0
// The outage hours 10:00–16:00 are hours 10..15: 1.5 + 1.6 + 1.7 + 1.6 + 1.5 + 1.4 = 9.3.
const HOURLY = [0.4, 0.3, 0.2, 0.2, 0.3, 0.6, 0.9, 1.1, 1.3, 1.4, 1.5, 1.6, 1.7, 1.6, 1.5, 1.4, 1.4, 1.5, 1.3, 1.2, 1.0, 0.8, 0.5, 0.3];
const HOURLY_SUM = 24;
const OUTAGE_HOURLY_SUM = 9.3;
const MONTHLY = [0.9, 0.85, 0.95, 1, 1, 0.95, 0.9, 0.9, 1, 1.05, 1.3, 1.4];
const WEEKDAY = [1, 0.95, 0.95, 1, 1.1, 1.2, 1.15]; // Monday first
const BLACK_FRIDAY = { name: 'black-friday', date: '2027-11-26', multiplier: 3 };

// The calendar of 2027, by hand: 1 January is a Friday, and each month starts
// (days of the previous month mod 7) weekdays after the previous one. Monday = 0.
const DAYS_IN_MONTH_2027 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
//                             Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec
const FIRST_WEEKDAY_2027 = [4, 0, 0, 3, 5, 1, 3, 6, 2, 4, 0, 2];

/** Days of `month` (0-based) of 2027 falling on `weekday` (Monday = 0): 4, plus 1 for the first (length − 28) weekdays of the month. */
function daysOnWeekday2027(month: number, weekday: number): number {
  const offset = (weekday - FIRST_WEEKDAY_2027[month]! + 7) % 7;
  return 4 + (offset < DAYS_IN_MONTH_2027[month]! - 28 ? 1 : 0);
}

// Virtual hours of the hand-computed instants in 2027:
// 26 November is day 31+28+31+30+31+30+31+31+30+31 + 25 = 329, so 10:00 is 329·24 + 10 = 7906.
const BLACK_FRIDAY_10AM = 329 * 24 + 10;
// 9 February (a Tuesday: 1 February is a Monday) is day 31 + 8 = 39, so 03:00 is 39·24 + 3 = 939.
const TUESDAY_9_FEBRUARY_3AM = 39 * 24 + 3;

describe('createDemandCurve: the year integrates to its GMV', () => {
  const settings: [string, (start: string) => SeasonalitySpec | undefined][] = [
    ['flat', () => undefined],
    ['hourly only', () => ({ hourly: HOURLY })],
    [
      'monthly, weekday, hourly and peaks',
      (start) => ({
        monthly: MONTHLY,
        weekday: WEEKDAY,
        hourly: HOURLY,
        peaks: [
          { name: 'opening', date: start, until: start.replace('-01-01', '-01-10').replace('-07-01', '-07-10'), multiplier: 3 },
          { name: 'second-day', date: start.replace(/01$/, '02'), multiplier: 0.5 },
        ],
      }),
    ],
    ['a quiet year with zero hours', () => ({ hourly: HOURLY.map((value, hour) => (hour < 6 ? 0 : value)), monthly: [0, ...MONTHLY.slice(1)] })],
  ];
  const starts: [string, number][] = [
    ['2027-01-01', 8760],
    ['2028-01-01', 8784],
    ['2027-07-01', 8784], // to 2028-07-01, which holds 29 February 2028
  ];
  for (const [name, seasonality] of settings) {
    for (const [start, hoursInYear] of starts) {
      it(`${name}, from ${start}`, () => {
        const gmvPerYear = 1.234e9;
        const curve = createDemandCurve(start, gmvPerYear, seasonality(start));
        expect(curve.hoursInYear).toBe(hoursInYear);
        expect(curve.gmvPerYear).toBe(gmvPerYear);
        expectRelative(curve.integrate(0, hoursInYear), gmvPerYear);
        let hourByHour = 0;
        for (let hour = 0; hour < hoursInYear; hour += 1) hourByHour += curve.rateAt(hour + 0.5);
        expectRelative(hourByHour, gmvPerYear);
      });
    }
  }
});

describe('createDemandCurve: hand-computed cases', () => {
  it('is 1,000 per hour everywhere for a flat 8,760,000 in 2027', () => {
    const curve = createDemandCurve('2027-01-01', 8_760_000);
    for (const timeHours of [0, 0.5, 1, 100.25, 4000, 8759.999]) expect(curve.rateAt(timeHours)).toBeCloseTo(1000, 9);
    expectRelative(curve.integrate(10.5, 20.25), 9750);
  });

  it('a 10:00–16:00 outage on Black Friday with a ×3 peak and hourly multipliers', () => {
    // Σ weights = 365 days · H + (3 − 1) · H for the peak day = 367 · 24 = 8,808.
    const weightSum = 365 * HOURLY_SUM + (3 - 1) * HOURLY_SUM;
    expect(weightSum).toBe(8808);
    // ∫ = gmv · 3 · (hourly 10..15) / Σ = 8,760,000 · 3 · 9.3 / 8,808 ≈ 27,747.956.
    const expected = (8_760_000 * 3 * OUTAGE_HOURLY_SUM) / weightSum;
    const curve = createDemandCurve('2027-01-01', 8_760_000, { hourly: HOURLY, peaks: [BLACK_FRIDAY] });
    expectRelative(curve.integrate(BLACK_FRIDAY_10AM, BLACK_FRIDAY_10AM + 6), expected);
    expect(expected).toBeCloseTo(27_747.956, 3);
    // The hour from 10:00 alone: 8,760,000 · 3 · 1.5 / 8,808.
    expectRelative(curve.rateAt(BLACK_FRIDAY_10AM + 0.5), (8_760_000 * 3 * 1.5) / weightSum);
  });

  it('the same outage with monthly and weekday multipliers too (Σ weights by counting days per month and weekday)', () => {
    let dayCount = 0;
    let dayWeightSum = 0; // Σ over days of monthly · weekday
    for (let month = 0; month < 12; month += 1) {
      for (let weekday = 0; weekday < 7; weekday += 1) {
        const days = daysOnWeekday2027(month, weekday);
        dayCount += days;
        dayWeightSum += days * MONTHLY[month]! * WEEKDAY[weekday]!;
      }
    }
    expect(dayCount).toBe(365);
    expect(daysOnWeekday2027(10, 4)).toBe(4); // November 2027 has four Fridays: 5, 12, 19, 26
    // Black Friday is in November (index 10) on a Friday (index 4): it adds (3 − 1) more of its day weight.
    const blackFridayDayWeight = MONTHLY[10]! * WEEKDAY[4]!; // 1.3 · 1.1
    const weightSum = HOURLY_SUM * (dayWeightSum + (3 - 1) * blackFridayDayWeight);
    const gmvPerYear = 5e8;
    const curve = createDemandCurve('2027-01-01', gmvPerYear, {
      monthly: MONTHLY,
      weekday: WEEKDAY,
      hourly: HOURLY,
      peaks: [BLACK_FRIDAY],
    });

    const outage = (gmvPerYear * blackFridayDayWeight * 3 * OUTAGE_HOURLY_SUM) / weightSum;
    expectRelative(curve.integrate(BLACK_FRIDAY_10AM, BLACK_FRIDAY_10AM + 6), outage);

    // Quiet night: 03:00–04:30 on Tuesday 9 February = all of hour 3 and half of hour 4,
    // at February (0.85) × Tuesday (0.95): gmv · 0.85 · 0.95 · (0.2 + 0.5 · 0.3) / Σ.
    const night = (gmvPerYear * MONTHLY[1]! * WEEKDAY[1]! * (HOURLY[3]! + 0.5 * HOURLY[4]!)) / weightSum;
    expectRelative(curve.integrate(TUESDAY_9_FEBRUARY_3AM, TUESDAY_9_FEBRUARY_3AM + 1.5), night);
    expectRelative(curve.integrate(TUESDAY_9_FEBRUARY_3AM + 1, TUESDAY_9_FEBRUARY_3AM + 1.5), (gmvPerYear * 0.85 * 0.95 * 0.5 * 0.3) / weightSum);
  });
});

describe('createDemandCurve: calendar alignment', () => {
  const weekday = [1, 2, 3, 4, 5, 6, 7]; // Monday = 1 … Sunday = 7

  it('puts weekday multipliers on the right dates (1 January 2027 is a Friday)', () => {
    // 2027 is 52 weeks and one day, the extra day a Friday: Σ = 24 · (52 · 28 + 5) = 24 · 1461.
    const curve = createDemandCurve('2027-01-01', 24 * 1461, { weekday });
    const rateOnDay = (day: number): number => curve.rateAt(day * 24 + 12);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(rateOnDay).map((rate) => Math.round(rate * 1e9) / 1e9)).toEqual([5, 6, 7, 1, 2, 3, 4, 5]);
    expect(rateOnDay(BLACK_FRIDAY_10AM / 24)).toBeCloseTo(5, 12); // 26 November: Friday
    expect(rateOnDay(TUESDAY_9_FEBRUARY_3AM / 24)).toBeCloseTo(2, 12); // 9 February: Tuesday
    expect(rateOnDay(364)).toBeCloseTo(5, 12); // 31 December 2027: Friday
    expect(curve.rateAt(23.999)).toBeCloseTo(5, 12); // the day changes at midnight UTC
    expect(curve.rateAt(24)).toBeCloseTo(6, 12);
  });

  it('aligns a year that starts on 1 July (a Thursday) and runs through 29 February', () => {
    // 366 days = 52 weeks + Thursday and Friday: Σ = 24 · (52 · 28 + 4 + 5) = 24 · 1465.
    const curve = createDemandCurve('2027-07-01', 24 * 1465, { weekday, monthly: [...Array(12).keys()].map((month) => month + 1) });
    const dayOf = (dayIndex: number): number => curve.rateAt(dayIndex * 24 + 12);
    // 1 July: Thursday (4) × July (7); 29 February 2028 is day 184 + 59 = 243, a Tuesday (2) × February (2).
    expect(curve.integrate(0, curve.hoursInYear)).toBeCloseTo(24 * 1465, 6);
    const julyFirst = dayOf(0);
    expect(dayOf(243) / julyFirst).toBeCloseTo((2 * 2) / (4 * 7), 12);
    expect(dayOf(365) / julyFirst).toBeCloseTo((5 * 6) / (4 * 7), 12); // 30 June 2028: Friday, June
  });

  it('applies a peak range to every day of it, and overlapping peaks multiply', () => {
    // Days: 365 − 5 peak days + 4 days × 2 (20–23 December) + 1 day × 2 × 1.5 (24 December) = 371,
    // so with gmv = 371 · 24 an ordinary hour has rate 1.
    const curve = createDemandCurve('2027-01-01', 371 * 24, {
      peaks: [
        { name: 'christmas-shopping', date: '2027-12-20', until: '2027-12-24', multiplier: 2 },
        { name: 'christmas-eve', date: '2027-12-24', multiplier: 1.5 },
      ],
    });
    const december20 = 334 + 19; // days before December: 334
    const rates = [-1, 0, 1, 2, 3, 4, 5].map((offset) => curve.rateAt((december20 + offset) * 24 + 0.5));
    rates.forEach((rate, index) => expect(rate).toBeCloseTo([1, 2, 2, 2, 2, 3, 1][index]!, 12));
    expect(curve.rateAt((december20 + 5) * 24 - 0.001)).toBeCloseTo(3, 12); // 23:59 on 24 December
    expectRelative(curve.integrate(december20 * 24, (december20 + 5) * 24), 24 * (4 * 2 + 3));
  });
});

describe('createDemandCurve: timeAtShare', () => {
  const curve = createDemandCurve('2027-01-01', 7.5e8, { monthly: MONTHLY, weekday: WEEKDAY, hourly: HOURLY, peaks: [BLACK_FRIDAY] });
  const share = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

  it('inverts the normalised cumulative demand and stays in [0, hoursInYear)', () => {
    fc.assert(
      fc.property(share, (u) => {
        const timeHours = curve.timeAtShare(u);
        expect(timeHours).toBeGreaterThanOrEqual(0);
        expect(timeHours).toBeLessThan(curve.hoursInYear);
        expect(Math.abs(curve.integrate(0, timeHours) / curve.gmvPerYear - u)).toBeLessThan(1e-12);
      }),
    );
    expect(curve.timeAtShare(0)).toBe(0);
    expect(curve.timeAtShare(1 - Number.EPSILON)).toBeLessThan(curve.hoursInYear);
    expect(curve.timeAtShare(1)).toBeLessThan(curve.hoursInYear);
  });

  it('is monotone in u', () => {
    fc.assert(
      fc.property(share, share, (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(curve.timeAtShare(low)).toBeLessThanOrEqual(curve.timeAtShare(high));
      }),
    );
    let previous = -1;
    for (let i = 0; i < 100_000; i += 1) {
      const timeHours = curve.timeAtShare(i / 100_000);
      expect(timeHours >= previous).toBe(true);
      previous = timeHours;
    }
  });

  it('never lands in an hour without demand', () => {
    const nightless = createDemandCurve('2027-01-01', 1e6, { hourly: HOURLY.map((value, hour) => (hour < 6 ? 0 : value)) });
    expect(nightless.timeAtShare(0)).toBe(6);
    fc.assert(
      fc.property(share, (u) => {
        expect(Math.floor(nightless.timeAtShare(u)) % 24).toBeGreaterThanOrEqual(6);
      }),
    );
  });

  it('concentrates uniform draws in high-demand hours in proportion to their demand', () => {
    const peakDay = 165; // 15 June 2027
    const peaked = createDemandCurve('2027-01-01', 1e9, { peaks: [{ name: 'summer-sale', date: '2027-06-15', multiplier: 10 }] });
    const [dayStart, dayEnd] = [peakDay * 24, (peakDay + 1) * 24];
    const dayShare = peaked.integrate(dayStart, dayEnd) / peaked.gmvPerYear;
    expect(dayShare).toBeCloseTo(10 / 374, 12); // 364 ordinary days + 10
    const onPeakDay = (u: number): boolean => {
      const timeHours = peaked.timeAtShare(u);
      return timeHours >= dayStart && timeHours < dayEnd;
    };

    const draws = 200_000;
    const random = seedrandom.alea('demand-curve');
    let hits = 0;
    for (let i = 0; i < draws; i += 1) if (onPeakDay(random())) hits += 1;
    const standardError = Math.sqrt((dayShare * (1 - dayShare)) / draws);
    expect(Math.abs(hits / draws - dayShare)).toBeLessThan(5 * standardError);

    // Stratified u = (i + ½)/N: the share lands within 1/N of the day's share of GMV.
    let gridHits = 0;
    for (let i = 0; i < draws; i += 1) if (onPeakDay((i + 0.5) / draws)) gridHits += 1;
    expect(Math.abs(gridHits / draws - dayShare)).toBeLessThanOrEqual(1 / draws);
  });

  it('follows the shape of demand even when the GMV is 0', () => {
    const empty = createDemandCurve('2027-01-01', 0, { hourly: HOURLY.map((value, hour) => (hour < 6 ? 0 : value)) });
    expect(empty.integrate(0, empty.hoursInYear)).toBe(0);
    expect(empty.rateAt(12)).toBe(0);
    expect(empty.timeAtShare(0)).toBe(6);
    expect(empty.timeAtShare(0.5)).toBeCloseTo(empty.hoursInYear / 2, -2);
  });
});

describe('createDemandCurve: additivity and clamping', () => {
  const multiplier = fc.double({ min: 0.05, max: 20, noNaN: true });
  const seasonality = fc.record({
    monthly: fc.array(multiplier, { minLength: 12, maxLength: 12 }),
    weekday: fc.array(multiplier, { minLength: 7, maxLength: 7 }),
    hourly: fc.array(multiplier, { minLength: 24, maxLength: 24 }),
  });
  const time = fc.double({ min: -50, max: 8834, noNaN: true });

  it('integrate(a, b) + integrate(b, c) = integrate(a, c) for a ≤ b ≤ c', () => {
    fc.assert(
      fc.property(seasonality, fc.tuple(time, time, time), fc.constantFrom('2027-01-01', '2028-01-01', '2027-07-01'), (spec, times, start) => {
        const [a, b, c] = [...times].sort((x, y) => x - y) as [number, number, number];
        const curve = createDemandCurve(start, 3.3e9, spec);
        expectRelative(curve.integrate(a, b) + curve.integrate(b, c), curve.integrate(a, c));
        expect(curve.integrate(c, a)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with rateAt over any part of one hour', () => {
    const curve = createDemandCurve('2027-01-01', 1e9, { monthly: MONTHLY, weekday: WEEKDAY, hourly: HOURLY });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8759 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (hour, x, y) => {
        const [from, to] = [hour + Math.min(x, y), hour + Math.max(x, y)];
        expectRelative(curve.integrate(from, to), curve.rateAt(hour + 0.5) * (to - from));
      }),
    );
  });

  it('clamps both ends to the year and gives 0 for empty or reversed intervals', () => {
    const curve = createDemandCurve('2027-01-01', 1e9, { hourly: HOURLY });
    const hours = curve.hoursInYear;
    expect(curve.integrate(-100, 5)).toBe(curve.integrate(0, 5));
    expect(curve.integrate(hours - 5, hours + 100)).toBe(curve.integrate(hours - 5, hours));
    expect(curve.integrate(-Infinity, Infinity)).toBe(curve.integrate(0, hours));
    expect(curve.integrate(5, 3)).toBe(0);
    expect(curve.integrate(5, 5)).toBe(0);
    expect(curve.integrate(-10, -5)).toBe(0);
    expect(curve.integrate(hours + 1, hours + 5)).toBe(0);
    expect(curve.rateAt(-0.5)).toBe(0);
    expect(curve.rateAt(hours)).toBe(0);
    expect(curve.rateAt(Number.NaN)).toBeNaN();
    expect(curve.integrate(0, Number.NaN)).toBeNaN();
    expect(curve.timeAtShare(Number.NaN)).toBeNaN();
    expect(curve.timeAtShare(-0.5)).toBe(0);
  });
});

describe('createDemandCurve: RangeError on bad input', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['monthly of 11', () => createDemandCurve('2027-01-01', 1, { monthly: Array(11).fill(1) }), /monthly: expected 12 multipliers, got 11/],
    ['weekday of 8', () => createDemandCurve('2027-01-01', 1, { weekday: Array(8).fill(1) }), /weekday: expected 7/],
    ['hourly of 23', () => createDemandCurve('2027-01-01', 1, { hourly: Array(23).fill(1) }), /hourly: expected 24/],
    ['a negative multiplier', () => createDemandCurve('2027-01-01', 1, { hourly: HOURLY.map((v, h) => (h === 3 ? -0.1 : v)) }), /hourly\[3\]: .*got -0\.1/],
    ['a NaN multiplier', () => createDemandCurve('2027-01-01', 1, { monthly: MONTHLY.map((v, m) => (m === 0 ? Number.NaN : v)) }), /monthly\[0\]/],
    ['an infinite multiplier', () => createDemandCurve('2027-01-01', 1, { weekday: [1, 1, 1, 1, 1, 1, Infinity] }), /weekday\[6\]/],
    ['all-zero weights', () => createDemandCurve('2027-01-01', 1, { hourly: Array(24).fill(0) }), /positive finite sum/],
    ['weights that overflow', () => createDemandCurve('2027-01-01', 1, { monthly: Array(12).fill(1e300), hourly: Array(24).fill(1e300) }), /positive finite sum/],
    ['a negative GMV', () => createDemandCurve('2027-01-01', -1), /gmvPerYear: .*got -1/],
    ['a non-finite GMV', () => createDemandCurve('2027-01-01', Infinity), /gmvPerYear/],
    ['a malformed start', () => createDemandCurve('1 January 2027', 1), /start: expected a calendar date/],
    ['a start that does not exist', () => createDemandCurve('2027-02-30', 1), /start: /],
    [
      'a peak after the year',
      () => createDemandCurve('2027-01-01', 1, { peaks: [{ name: 'new-year', date: '2028-01-01', multiplier: 2 }] }),
      /peaks\[0\] \(new-year\)\.date: expected a date within the year/,
    ],
    ['a peak before the year', () => createDemandCurve('2027-07-01', 1, { peaks: [{ name: 'p', date: '2027-06-30', multiplier: 2 }] }), /within the year starting 2027-07-01/],
    ['a peak running past the year', () => createDemandCurve('2027-01-01', 1, { peaks: [{ name: 'p', date: '2027-12-30', until: '2028-01-02', multiplier: 2 }] }), /\.until: expected a date within/],
    [
      'a peak ending before it starts',
      () => createDemandCurve('2027-01-01', 1, { peaks: [{ name: 'p', date: '2027-12-30', until: '2027-12-29', multiplier: 2 }] }),
      /until: expected a date on or after 2027-12-30/,
    ],
    [
      'a peak on a date that does not exist',
      () => createDemandCurve('2027-01-01', 1, { peaks: [{ name: 'p', date: '2027-02-29', multiplier: 2 }] }),
      /peaks\[0\] \(p\)\.date: expected a calendar date/,
    ],
    ['a negative peak multiplier', () => createDemandCurve('2027-01-01', 1, { peaks: [{ name: 'p', date: '2027-03-01', multiplier: -2 }] }), /multiplier/],
  ];
  for (const [name, build, message] of cases) {
    it(name, () => {
      expect(build).toThrow(RangeError);
      expect(build).toThrow(message);
    });
  }

  it('accepts the edges of the year: 29 February in a leap year and the last day', () => {
    expect(() => createDemandCurve('2027-07-01', 1, { peaks: [{ name: 'leap-day', date: '2028-02-29', until: '2028-06-30', multiplier: 2 }] })).not.toThrow();
    expect(() => createDemandCurve('2027-01-01', 1, { peaks: [{ name: 'nye', date: '2027-12-31', multiplier: 0 }] })).not.toThrow();
  });
});
