import type { YearLossTable } from '../ledger/year-loss-table.ts';
import type { RiskAppetite } from '../stats/compare-strategies.ts';
import { testTolerance } from '../stats/risk-tolerance.ts';
import { formatMoney, formatProbability } from '../ledger/format-number.ts';
import { toCsv } from './to-csv.ts';

/** The columns of tolerance.csv. */
export const TOLERANCE_COLUMNS = ['strategy', 'bearer', 'loss', 'acceptable_probability', 'years_exceeding', 'simulated_probability', 'within_tolerance', 'within_noise'] as const;

/**
 * Renders tolerance.csv: per strategy, bearer with a `risk_tolerance` (in the run's bearer order)
 * and tolerance point, the years with an annual net loss above the point's loss, their share
 * (the simulated AEP; the acceptable probability as written), whether it is within the acceptable
 * probability and whether it is within 1.96 binomial standard errors of it (MODEL §10). Undefined
 * when the scenario has no risk tolerance.
 */
export function toleranceCsv(table: YearLossTable, appetite: RiskAppetite): string | undefined {
  const curves = appetite.risk_tolerance;
  if (!curves || Object.keys(curves).length === 0) return undefined;
  const rows: string[][] = [];
  table.strategies.forEach((strategy, s) => {
    table.bearers.forEach((bearer, b) => {
      const curve = curves[bearer];
      if (!curve) return;
      for (const point of testTolerance(table.annual[s]![b]!, curve).points) {
        rows.push([strategy, bearer, formatMoney(point.loss), String(point.acceptable), String(point.yearsExceeding), formatProbability(point.simulated), String(point.within), String(point.withinNoise)]);
      }
    });
  });
  return toCsv(TOLERANCE_COLUMNS, rows);
}
