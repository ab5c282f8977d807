import { NOISE_Z } from './compare-strategies.ts';

/** One point of a line of a sweep: the swept value and the paired difference of total cost of risk from the sweep's first point. */
export interface DifferencePoint {
  value: number;
  difference: number;
  /** Standard error of the paired difference (0 at the first point itself). */
  se: number;
}

/** One swept field: its path and values, in the order given. */
export interface SweepField {
  path: string;
  values: unknown[];
}

/** A line of the sweep for the chosen bearer: one strategy, the other fields fixed, the last field varied. */
export interface BreakEvenLine {
  strategy: string;
  bearer: string;
  /** The values of the fields before the last. */
  fixed: (number | string)[];
  found: BreakEven | undefined;
  finding: string;
}

/** Where a sweep's total cost of risk crosses its first point's. */
export interface BreakEven {
  /** The interpolated value at which the paired difference is 0. */
  value: number;
  /**
   * Where the band difference ± 1.96 SE, drawn straight between the same two values, reaches 0:
   * the range of values the crossing cannot be told from. Both undefined when a side of the band
   * does not slope (it never reaches 0). It may reach beyond the two values.
   */
  low: number | undefined;
  high: number | undefined;
  /** The two swept values bracketing the sign change. */
  from: number;
  to: number;
}

/**
 * The break-even of a line of a sweep (MODEL §10, sweeps): the first pair of consecutive values
 * whose paired differences from the sweep's first point change sign (the first of them not 0),
 * and the value between them where the straight line through the two differences is 0. A
 * difference that is linear in the swept value (a control's annual cost) gives its exact root.
 * Undefined when no pair changes sign: no break-even within the swept range.
 */
export function breakEven(points: readonly DifferencePoint[]): BreakEven | undefined {
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    if (a.difference === 0 || Math.sign(a.difference) === Math.sign(b.difference)) continue;
    const lower = root(a.value, a.difference - NOISE_Z * a.se, b.value, b.difference - NOISE_Z * b.se);
    const upper = root(a.value, a.difference + NOISE_Z * a.se, b.value, b.difference + NOISE_Z * b.se);
    const bounds = [lower, upper].filter((bound): bound is number => bound !== undefined);
    return {
      value: root(a.value, a.difference, b.value, b.difference)!,
      low: bounds.length === 2 ? Math.min(...bounds) : undefined,
      high: bounds.length === 2 ? Math.max(...bounds) : undefined,
      from: a.value,
      to: b.value,
    };
  }
  return undefined;
}

/** Where the straight line through (x1, y1) and (x2, y2) is 0; undefined when it is flat. */
function root(x1: number, y1: number, x2: number, y2: number): number | undefined {
  if (y1 === y2) return undefined;
  return x1 + ((x2 - x1) * y1) / (y1 - y2);
}
