import { comparisonRecord } from '../../helpers/comparison-record.ts';
import { strategyComparisonChart } from '../../../src/report/charts/strategy-comparison-chart.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from '../../../src/report/charts/vega-lite-spec.ts';
import type { ReportChart } from '../../../src/report/html/report-page.ts';
import type { RunData, SummaryRecord } from '../../../src/report/run-data.ts';
import type { ComparisonRow } from '../../../src/stats/compare-strategies.ts';

/**
 * A small hand-made run folder whose every name tries to break out of the HTML: the report must
 * show these as text, never run them. Two strategies, five bearers (buyers never lose), one
 * policy with a layer over it, a comparison, and three charts.
 */
export const HOSTILE = '<script>alert(1)</script>';
export const SCENARIO_NAME = `Hostile ${HOSTILE} "quoted" & co`;
export const DESCRIPTION = `Tries </script><script>alert(2)</script> and <!-- a comment & "quotes"\nover two lines.`;
export const SCENARIO_FILE = 'scenarios/<img src=x onerror=alert(3)>.yaml';
export const SELLERS = `sellers:${HOSTILE}`;
export const PROCESSOR = 'processor:"pay"&co';
export const INSURER = 'insurer:</script><script>alert(4)</script>';
export const POLICY = 'cyber</script><!--';
export const STRATEGY = 'alt"<b>';
export const CHART_TITLE = `Loss by bearer </script><script>alert(5)</script>`;
export const BEARERS = ['buyers', SELLERS, 'platform', PROCESSOR, INSURER];

function summary(strategy: string, bearer: string, mean: number): SummaryRecord {
  return {
    strategy,
    bearer,
    trials: 2000,
    mean,
    sd: mean * 1.8,
    se_mean: (mean * 1.8) / Math.sqrt(2000),
    prob_loss: mean === 0 ? 0 : 0.42,
    p50: mean * 0.5,
    p90: mean * 2.1,
    p95: mean * 3,
    p99: mean * 5.5,
    p99_5: mean * 7,
    p99_9: mean * 11,
    tvar_95: mean * 5,
    tvar_99: mean * 8.25,
    max: mean * 14,
  };
}

const MEANS: Record<string, number> = { buyers: 0, [SELLERS]: 717_691.85, platform: 1_760_700.57, [PROCESSOR]: 269_685.67, [INSURER]: 498_525.18 };

const comparisonRows: ComparisonRow[] = ['baseline', STRATEGY].flatMap((strategy, index) =>
  BEARERS.map((bearer) => {
    const meanLoss = MEANS[bearer]! * (index === 0 ? 1 : 0.7);
    const premiums = bearer === 'platform' ? 1_200_000 * (index === 0 ? 1 : 1.1) : bearer === INSURER ? -1_200_000 : 0;
    const mitigationCosts = bearer === 'platform' && index === 1 ? 150_000 : 0;
    const total = meanLoss + premiums + mitigationCosts;
    const baselineTotal = MEANS[bearer]! + (bearer === 'platform' ? 1_200_000 : bearer === INSURER ? -1_200_000 : 0);
    return {
      strategy,
      bearer,
      meanLoss,
      premiums,
      mitigationCosts,
      totalCostOfRisk: total,
      tvar99: meanLoss * 8.25,
      baseline: 'baseline',
      difference: total - baselineTotal,
      sePaired: 20_000,
      seUnpaired: 30_000,
      withinNoise: Math.abs(total - baselineTotal) <= 1.96 * 20_000,
      tvar99Difference: (meanLoss - MEANS[bearer]!) * 8.25,
      seTvar99Difference: 90_000,
      capitalCost: 0,
      totalWithCapital: total,
      differenceWithCapital: total - baselineTotal,
      seDifferenceWithCapital: 20_000,
    };
  }),
);

/** The fixture run. */
export function hostileRunData(): RunData {
  const strategies = ['baseline', STRATEGY];
  return {
    manifest: {
      faultline_version: '0.1.0',
      scenario: { name: SCENARIO_NAME, file: SCENARIO_FILE, hash: 'sha256:0123abcd', files: [SCENARIO_FILE, 'base "&" <b>.yaml'], description: DESCRIPTION } as RunData['manifest']['scenario'],
      seed: 'seed <i>&</i>',
      trials: 2000,
      strategies,
      bearers: BEARERS,
      mitigation_costs: { baseline: {}, [STRATEGY]: { 'mfa<script>': 150_000 } },
      premiums: { baseline: { [POLICY]: 1_200_000 }, [STRATEGY]: { [POLICY]: 1_320_000 } },
      currency: 'USD',
      workers: 2,
      execution: { mode: 'threads' },
      chunk_size: null,
      node_version: 'v20.19.0',
      started_at: '2027-01-01T00:00:00.000Z',
      timings_ms: { load: 12, simulate: 1500, statistics: 40, total: 1600 },
      trials_per_second: 2667,
      peak_rss_mib: 180,
    },
    summary: strategies.flatMap((strategy, index) => BEARERS.map((bearer) => summary(strategy, bearer, MEANS[bearer]! * (index === 0 ? 1 : 0.7)))),
    exceedance: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].flatMap((returnPeriod) =>
      ['platform', SELLERS].map((bearer) => ({ strategy: 'baseline', bearer, peril: 'all', basis: 'AEP' as const, return_period: returnPeriod, loss: MEANS[bearer]! * Math.log(1 + returnPeriod) })),
    ),
    allocation: [],
    insurance: strategies.flatMap((strategy) => [
      {
        strategy,
        policy: POLICY,
        kind: 'policy' as const,
        insured: 'platform',
        over: '',
        attachment: 500_000,
        limit: 10_000_000,
        share: 1,
        aggregate_limit: 10_000_000,
        premium: 1_200_000,
        premium_basis: 'fixed' as const,
        expected_loss: 498_525.18,
        sd: 1_582_714.44,
        se_mean: 35_390.57,
        loss_ratio: 0.415438,
        prob_attach: 0.262,
        prob_exhaust: 0.0165,
        occurrences_per_year: 0.3305,
        mean_limit_utilisation: 0.151998,
        p99: 10_000_000,
        tvar_99: 10_000_000,
      },
      {
        strategy,
        policy: `${POLICY}-excess`,
        kind: 'layer' as const,
        insured: 'platform',
        over: POLICY,
        attachment: 10_000_000,
        limit: 5_000_000,
        share: 0.5,
        aggregate_limit: Infinity,
        premium: 0,
        premium_basis: 'fixed' as const,
        expected_loss: 104_690.61,
        sd: 947_324.67,
        se_mean: 21_182.82,
        loss_ratio: undefined,
        prob_attach: 0.0155,
        prob_exhaust: 0.001,
        occurrences_per_year: 0.016,
        mean_limit_utilisation: 0.02,
        p99: 0,
        tvar_99: 2_000_000,
      },
    ]),
    distribution: [],
    comparison: comparisonRows.map(comparisonRecord),
  };
}

/** A bar chart of the baseline's mean loss per bearer; its title and data carry the hostile names and a U+2028. */
function meanLossChart(data: RunData): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: CHART_TITLE, subtitle: 'USD a year\u2028line separator\u2029paragraph separator' },
    data: { values: data.summary.filter((row) => row.strategy === 'baseline').map((row) => ({ bearer: row.bearer, mean: row.mean })) },
    width: 420,
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'bearer', type: 'nominal', title: null },
      x: { field: 'mean', type: 'quantitative', title: 'USD a year' },
    },
  };
}

/** The aggregate exceedance curves as lines with points, on a log axis of return periods. */
function exceedanceChart(data: RunData): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Aggregate exceedance',
    data: { values: data.exceedance },
    width: 420,
    height: 220,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'return_period', type: 'quantitative', scale: { type: 'log' }, title: 'return period (years)' },
      y: { field: 'loss', type: 'quantitative', title: 'USD' },
      color: { field: 'bearer', type: 'nominal' },
    },
  };
}

/** Three charts: a bar chart, the strategy comparison (facets, stacked bars, error bars) and an EP curve. */
export function fixtureCharts(data: RunData): ReportChart[] {
  return [
    { name: 'mean-loss', title: CHART_TITLE, spec: meanLossChart(data) },
    { name: 'comparison', title: 'Total cost of risk by strategy', spec: strategyComparisonChart(data.comparison!, SCENARIO_NAME, 'USD') },
    { name: `ep-${HOSTILE}`, title: 'Aggregate exceedance probability', spec: exceedanceChart(data) },
  ];
}
