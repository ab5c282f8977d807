import type { InsuranceRecord, RunData } from '../run-data.ts';
import { chartStrategy, moneyAxis, moneyTooltip } from './chart-basics.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-lite-spec.ts';

/** Two-sided 95% interval in standard errors. */
const Z95 = 1.96;
const MEASURES = ['expected loss', 'premium'] as const;
const EVENTS = ['P(attach)', 'P(exhaust)'] as const;
/** Height of one policy's row, in pixels. */
const ROW_HEIGHT = 30;

/**
 * The insurance program as a Vega-Lite spec, one row per policy or layer of insurance.csv: on
 * the left the insurer's expected annual loss (bar, ±1.96 standard errors) against the premium
 * (tick); on the right the shares of years in which it paid anything (P(attach)) and in which
 * its aggregate limit ran out (P(exhaust)). Rows of the run's first strategy (of the first one
 * with insurance if that has none); the others are in insurance.csv.
 */
export function insuranceChart(data: RunData): VegaLiteSpec {
  const first = chartStrategy(data);
  const strategy = data.insurance.some((row) => row.strategy === first) ? first : (data.insurance[0]?.strategy ?? first);
  const currency = data.manifest.currency;
  const rows = data.insurance.filter((row) => row.strategy === strategy);
  const labels = rows.map(policyLabel);
  // Both panels draw the same rows at the same height on band scales of the same padding, so
  // their rows line up without sharing a scale (a shared one would fight over the yOffset step).
  const height = ROW_HEIGHT * Math.max(1, rows.length);
  const band = { type: 'band', paddingInner: 0.2, paddingOuter: 0.1 };
  const y = { field: 'label', type: 'nominal', sort: labels, title: null, scale: band, axis: { labelLimit: 480 } };
  const color = { field: 'measure', type: 'nominal', scale: { domain: [...MEASURES], range: ['#4c78a8', '#e45756'] }, title: null };
  const yRight = { ...y, axis: { labels: false, ticks: false, domain: false } };

  const money = rows.map((row, index) => ({
    label: labels[index],
    policy: row.policy,
    kind: row.kind,
    insured: row.insured,
    attachment: row.attachment,
    limit: row.limit,
    aggregate_limit: Number.isFinite(row.aggregate_limit) ? row.aggregate_limit : null,
    premium: row.premium,
    expected_loss: row.expected_loss,
    low: Math.max(0, row.expected_loss - Z95 * row.se_mean),
    high: row.expected_loss + Z95 * row.se_mean,
    loss_ratio: row.loss_ratio ?? null,
  }));
  const probabilities = rows.flatMap((row, index) => [
    { label: labels[index], event: EVENTS[0], probability: row.prob_attach, occurrences_per_year: row.occurrences_per_year },
    { label: labels[index], event: EVENTS[1], probability: row.prob_exhaust, occurrences_per_year: row.occurrences_per_year },
  ]);

  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      anchor: 'start',
      text: `${data.manifest.scenario.name}: insurance, expected loss against premium`,
      subtitle: [
        `Strategy ${strategy}; per policy or layer, the insurer's expected annual loss in ${currency} (bar, ±1.96 standard errors) and the premium (tick).`,
        'Right: share of years in which it paid anything (P(attach)) and in which its aggregate limit ran out (P(exhaust)).',
      ],
    },
    hconcat: [
      {
        data: { values: money },
        width: 380,
        height,
        layer: [
          {
            transform: [{ calculate: `'${MEASURES[0]}'`, as: 'measure' }],
            mark: { type: 'bar', height: { band: 0.7 } },
            encoding: {
              y,
              x: { field: 'expected_loss', type: 'quantitative', axis: moneyAxis(`${currency} a year`) },
              color,
              tooltip: [
                { field: 'policy', type: 'nominal' },
                { field: 'kind', type: 'nominal' },
                { field: 'insured', type: 'nominal' },
                moneyTooltip('attachment', `attachment (${currency})`),
                moneyTooltip('limit', `limit (${currency})`),
                moneyTooltip('aggregate_limit', `aggregate limit (${currency}; empty: none)`),
                moneyTooltip('expected_loss', `expected loss (${currency} a year)`),
                moneyTooltip('premium', `premium (${currency} a year)`),
                { field: 'loss_ratio', type: 'quantitative', format: '.1%', title: 'loss ratio' },
              ],
            },
          },
          {
            mark: { type: 'rule', color: 'black' },
            encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
          },
          {
            transform: [{ calculate: `'${MEASURES[1]}'`, as: 'measure' }],
            mark: { type: 'tick', thickness: 3 },
            encoding: {
              y,
              x: { field: 'premium', type: 'quantitative' },
              color,
              tooltip: [{ field: 'policy', type: 'nominal' }, moneyTooltip('premium', `premium (${currency} a year)`)],
            },
          },
        ],
      },
      {
        data: { values: probabilities },
        width: 220,
        height,
        layer: [
          {
            mark: { type: 'point', filled: true, size: 60 },
            encoding: {
              y: yRight,
              yOffset: { field: 'event', type: 'nominal', sort: [...EVENTS] },
              x: { field: 'probability', type: 'quantitative', axis: { title: 'share of years', format: '.0%' } },
              color: { field: 'event', type: 'nominal', scale: { domain: [...EVENTS], range: ['#f58518', '#b279a2'] }, title: null },
              tooltip: [
                { field: 'label', type: 'nominal', title: 'policy' },
                { field: 'event', type: 'nominal' },
                { field: 'probability', type: 'quantitative', format: '.2~%' },
                { field: 'occurrences_per_year', type: 'quantitative', format: '.3~f', title: 'occurrences paid a year' },
              ],
            },
          },
          {
            mark: { type: 'text', align: 'left', dx: 6, fontSize: 10 },
            encoding: {
              y: yRight,
              yOffset: { field: 'event', type: 'nominal', sort: [...EVENTS] },
              x: { field: 'probability', type: 'quantitative' },
              text: { field: 'probability', type: 'quantitative', format: '.2~%' },
            },
          },
        ],
      },
    ],
    resolve: { scale: { y: 'independent', yOffset: 'independent', color: 'independent' } },
  };
}

/** A row's name on the chart: `platform-cyber (platform)`, `cyber-excess (over platform-cyber)`. */
function policyLabel(row: InsuranceRecord): string {
  return row.kind === 'layer' ? `${row.policy} (over ${row.over})` : `${row.policy} (${row.insured})`;
}
