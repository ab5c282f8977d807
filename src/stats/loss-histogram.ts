/** Bins per decade of the log-spaced histogram: edges at 10^(k/10). */
export const BINS_PER_DECADE = 10;

/** One bin: years whose annual loss is in [low, high); the first bin holds every year ≤ 0. */
export interface HistogramBin {
  low: number;
  high: number;
  years: number;
}

/**
 * A histogram of annual losses for a log-scaled axis: one bin for the years with no loss (or a
 * net gain: low is the smallest value, high 0), then log-spaced bins, ten per decade, with edges
 * at 10^(k/10) from the decade of the smallest positive loss to that of the largest; the largest
 * value falls in the last bin. Bins with no years inside the range are kept, so the shape reads
 * right. The sample must be sorted ascending.
 *
 * @example
 * lossHistogram(Float64Array.of(0, 0, 150, 2000)) // [{0,0,2}, …, {125.9,158.5,1}, …, {1995,2512,1}]
 */
export function lossHistogram(sorted: Float64Array): HistogramBin[] {
  const n = sorted.length;
  let i = 0;
  while (i < n && sorted[i]! <= 0) i++;
  const bins: HistogramBin[] = [];
  if (i > 0) bins.push({ low: Math.min(sorted[0]!, 0), high: 0, years: i });
  if (i === n) return bins;
  const first = Math.floor(Math.log10(sorted[i]!) * BINS_PER_DECADE);
  const last = Math.floor(Math.log10(sorted[n - 1]!) * BINS_PER_DECADE);
  for (let k = first; k <= last; k++) {
    const low = edge(k);
    const high = edge(k + 1);
    let years = 0;
    // The last bin takes what is left, so rounding at an edge can never lose a year.
    while (i < n && (sorted[i]! < high || k === last)) {
      years++;
      i++;
    }
    bins.push({ low, high, years });
  }
  return bins;
}

function edge(k: number): number {
  return 10 ** (k / BINS_PER_DECADE);
}
