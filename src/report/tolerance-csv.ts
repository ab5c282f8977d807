import type { YearLossTable } from '../ledger/year-loss-table.ts';
import type { RiskAppetite } from '../stats/compare-strategies.ts';
import { testTolerance, type TolerancePointTest } from '../stats/risk-tolerance.ts';
import { csvTable, flag, money, number, probability, text, type RecordOf } from './csv-table.ts';

/** One tolerance point of one strategy and bearer, tested: a row of tolerance.csv. */
interface TestedPoint {
  strategy: string;
  bearer: string;
  point: TolerancePointTest;
}

/**
 * tolerance.csv: per strategy, bearer with a `risk_tolerance` and tolerance point, the years with
 * an annual net loss above the point's loss, their share (the simulated AEP; the acceptable
 * probability as written), whether it is within the acceptable probability and whether it is
 * within 1.96 binomial standard errors of it (MODEL §10).
 */
export const TOLERANCE_TABLE = csvTable({
  strategy: text((row: TestedPoint) => row.strategy),
  bearer: text((row: TestedPoint) => row.bearer),
  loss: money((row: TestedPoint) => row.point.loss),
  acceptable_probability: number((row: TestedPoint) => row.point.acceptable),
  years_exceeding: number((row: TestedPoint) => row.point.yearsExceeding),
  simulated_probability: probability((row: TestedPoint) => row.point.simulated),
  within_tolerance: flag((row: TestedPoint) => row.point.within),
  within_noise: flag((row: TestedPoint) => row.point.withinNoise),
});

/** The columns of tolerance.csv. */
export const TOLERANCE_COLUMNS = TOLERANCE_TABLE.columns;

/** One tolerance point of one strategy and bearer, tested, read back; `within_noise`: within 1.96 binomial standard errors of the acceptable probability. */
export type ToleranceRecord = RecordOf<typeof TOLERANCE_TABLE>;

/**
 * Renders tolerance.csv (see TOLERANCE_TABLE), bearers in the run's order. Undefined when the
 * scenario has no risk tolerance.
 */
export function toleranceCsv(table: YearLossTable, appetite: RiskAppetite): string | undefined {
  const curves = appetite.risk_tolerance;
  if (!curves || Object.keys(curves).length === 0) return undefined;
  const rows: TestedPoint[] = [];
  table.strategies.forEach((strategy, s) => {
    table.bearers.forEach((bearer, b) => {
      const curve = curves[bearer];
      if (!curve) return;
      for (const point of testTolerance(table.years.annual(s, b), curve).points) rows.push({ strategy, bearer, point });
    });
  });
  return TOLERANCE_TABLE.render(rows);
}
