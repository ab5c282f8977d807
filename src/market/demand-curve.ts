import { buildSeasonalityProfile, type SeasonalitySpec } from '../calendar/seasonality-profile.ts';

export type { SeasonalitySpec } from '../calendar/seasonality-profile.ts';

/** The platform's demand (GMV per hour) over one policy year, constant within each calendar hour. */
export interface DemandCurve {
  /** Hours in the year. */
  hoursInYear: number;
  /** GMV the curve integrates to over the whole year. */
  gmvPerYear: number;
  /** Demand rate (GMV per hour) at a virtual time; t in [0, hoursInYear) (0 outside the year, NaN for NaN). */
  rateAt(timeHours: number): number;
  /** ∫ rate dt from `fromHours` to `toHours`, exact for the piecewise-constant curve; both ends are clamped to [0, hoursInYear]; 0 if to ≤ from. */
  integrate(fromHours: number, toHours: number): number;
  /** The time at which the cumulative demand reaches share u ∈ [0,1) of the year's GMV (inverse CDF; for demand-weighted incident timing). Exact within an hour (linear interpolation of the cumulative curve). Monotone non-decreasing in u. */
  timeAtShare(u: number): number;
}

/**
 * Builds the demand curve of the policy year starting at `start` (YYYY-MM-DD, midnight UTC).
 *
 * Each hour's rate is gmvPerYear · weight / Σ weights, the weights coming from
 * `buildSeasonalityProfile`. The cumulative share of the year's demand at every whole hour is kept in
 * a prefix-sum array, so `integrate`, `rateAt` and `timeAtShare` (a binary search) are O(1) or
 * O(log hours) and allocate nothing. Demand-weighted timing follows the shape of the curve even when
 * `gmvPerYear` is 0, and never lands in an hour of zero demand (but for u = 0 with no demand before).
 *
 * Throws a `RangeError` for a negative or non-finite `gmvPerYear`, weights that are all zero or sum
 * to infinity, and everything `buildSeasonalityProfile` rejects.
 *
 * @example
 * const curve = createDemandCurve('2027-01-01', 8_760_000);
 * curve.rateAt(5); // 1000
 * curve.integrate(7906, 7912); // 6000: six hours from 10:00 on 26 November
 */
export function createDemandCurve(start: string, gmvPerYear: number, seasonality?: SeasonalitySpec): DemandCurve {
  if (!(Number.isFinite(gmvPerYear) && gmvPerYear >= 0)) {
    throw new RangeError(`gmvPerYear: expected a finite amount ≥ 0, got ${gmvPerYear}`);
  }
  const weights = buildSeasonalityProfile(start, seasonality);
  const hoursInYear = weights.length;

  // cumulativeShare[h] = share of the year's demand before hour h. A plain running sum of
  // non-negative weights is monotone, and dividing by its own last value makes the last entry
  // exactly 1, so the whole year integrates to gmvPerYear.
  const cumulativeShare = new Float64Array(hoursInYear + 1);
  let runningWeight = 0;
  for (let hour = 0; hour < hoursInYear; hour += 1) {
    runningWeight += weights[hour] as number;
    cumulativeShare[hour + 1] = runningWeight;
  }
  const totalWeight = runningWeight;
  if (!(totalWeight > 0 && Number.isFinite(totalWeight))) {
    throw new RangeError(`seasonality: expected demand weights with a positive finite sum over the year, got ${totalWeight}`);
  }
  const hourShare = new Float64Array(hoursInYear);
  const ratePerHour = new Float64Array(hoursInYear);
  for (let hour = 0; hour < hoursInYear; hour += 1) {
    hourShare[hour] = (weights[hour] as number) / totalWeight;
    ratePerHour[hour] = gmvPerYear * (hourShare[hour] as number);
    cumulativeShare[hour + 1] = (cumulativeShare[hour + 1] as number) / totalWeight;
  }
  const lastHour = hoursInYear - 1;
  const latestTimeHours = largestBelow(hoursInYear);

  return {
    hoursInYear,
    gmvPerYear,
    rateAt(timeHours: number): number {
      const hour = Math.floor(timeHours);
      if (hour >= 0 && hour < hoursInYear) return ratePerHour[hour] as number;
      return Number.isNaN(timeHours) ? Number.NaN : 0;
    },
    integrate(fromHours: number, toHours: number): number {
      const from = fromHours < 0 ? 0 : fromHours;
      const to = toHours > hoursInYear ? hoursInYear : toHours;
      if (to <= from) return 0; // a NaN end fails this test and propagates below
      const firstHour = Math.floor(from);
      const endHour = Math.ceil(to) - 1; // the hour whose interval (h, h + 1] holds `to`
      if (firstHour === endHour) return (ratePerHour[firstHour] as number) * (to - from);
      return (
        (ratePerHour[firstHour] as number) * (firstHour + 1 - from) +
        gmvPerYear * ((cumulativeShare[endHour] as number) - (cumulativeShare[firstHour + 1] as number)) +
        (ratePerHour[endHour] as number) * (to - endHour)
      );
    },
    timeAtShare(u: number): number {
      if (Number.isNaN(u)) return Number.NaN;
      const share = u > 0 ? u : 0;
      // The last hour h with cumulativeShare[h] ≤ share; hours of zero demand are skipped forward.
      let low = 0;
      let high = lastHour;
      while (low < high) {
        const middle = (low + high + 1) >>> 1;
        if ((cumulativeShare[middle] as number) <= share) low = middle;
        else high = middle - 1;
      }
      const shareOfHour = hourShare[low] as number;
      let timeHours = shareOfHour > 0 ? low + (share - (cumulativeShare[low] as number)) / shareOfHour : low;
      if (timeHours > low + 1) timeHours = low + 1;
      return timeHours < latestTimeHours ? timeHours : latestTimeHours;
    },
  };
}

/** A float64 strictly below a positive `value`, within a few ulps of it. */
function largestBelow(value: number): number {
  let below = value * (1 - Number.EPSILON);
  while (below >= value) below -= Number.EPSILON * value;
  return below;
}
