import type { InsuranceRecord, RunData } from '../run-data.ts';
import { chartStrategy, decades, moneyAxis, moneyTooltip, strategyFilter, strategyParams, strategyTitle } from './chart-basics.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-lite-spec.ts';

/** Two-sided 95% interval in standard errors. */
const Z95 = 1.96;
const MEASURES = ['expected loss', 'premium'] as const;
const EVENTS = ['P(attach)', 'P(exhaust)'] as const;
/** Height of one policy's row, in pixels. */
const ROW_HEIGHT = 30;
/** Room kept right of the largest probability for its label, as a share of the axis. */
const LABEL_ROOM = 0.1;

/**
 * The insurance program as a Vega-Lite spec, one row per policy or layer of insurance.csv: on
 * the left the insurer's expected annual loss (point, ±1.96 standard errors) against the premium
 * (tick), on a log axis; on the right the shares of years in which it paid anything (P(attach))
 * and in which its aggregate limit ran out (P(exhaust)), each labelled.
 *
 * The amounts are on a log scale because premiums and expected losses of one program run over
 * orders of magnitude: on a linear axis a 10M premium squashes every other row against zero. A
 * log axis keeps each row readable and its ratio of loss to premium a distance; points rather
 * than bars, since a bar's length from an arbitrary floor means nothing on a log axis. Its domain
 * spans the decades of the amounts drawn. The probability axis ends a little past the largest
 * probability (a tenth of the axis, rounded up), so no point sits on the edge, and a label that
 * would run past the edge goes left of its point; the legends sit below the panels, away from
 * the labels.
 *
 * Every strategy's rows are in the data (field `strategy`); the `strategy` param (the page's
 * selector, the baseline in the rendered files) picks one (the baseline when all are chosen).
 */
export function insuranceChart(data: RunData): VegaLiteSpec {
  const first = chartStrategy(data);
  const strategy = data.insurance.some((row) => row.strategy === first) ? first : (data.insurance[0]?.strategy ?? first);
  const currency = data.manifest.currency;
  const rows = data.insurance;
  const labels = [...new Set(rows.map(policyLabel))];
  // Both panels draw the same rows at the same step on band scales of the same padding, so
  // their rows line up without sharing a scale (a shared one would fight over the yOffset step).
  const band = { type: 'band', paddingInner: 0.2, paddingOuter: 0.1 };
  const y = { field: 'label', type: 'nominal', sort: labels, title: null, scale: band, axis: { labelLimit: 480 } };
  const color = { field: 'measure', type: 'nominal', scale: { domain: [...MEASURES], range: ['#4c78a8', '#e45756'] }, title: null, legend: { orient: 'bottom' } };
  const yRight = { ...y, axis: { labels: false, ticks: false, domain: false } };

  const money = rows.map((row) => ({
    strategy: row.strategy,
    label: policyLabel(row),
    policy: row.policy,
    kind: row.kind,
    insured: row.insured,
    attachment: row.attachment,
    limit: row.limit,
    aggregate_limit: Number.isFinite(row.aggregate_limit) ? row.aggregate_limit : null,
    premium: row.premium,
    expected_loss: row.expected_loss,
    low: row.expected_loss - Z95 * row.se_mean,
    high: row.expected_loss + Z95 * row.se_mean,
    loss_ratio: row.loss_ratio ?? null,
  }));
  const positive = money.flatMap((row) => [row.expected_loss, row.premium, row.high]).filter((amount) => amount > 0);
  const ticks = decades(Math.min(...positive), Math.max(...positive));
  const floor = ticks[0] ?? 1;
  const amountScale = { type: 'log', domain: [floor, ticks.at(-1) ?? 10], clamp: true };
  for (const row of money) row.low = Math.max(floor, row.low);

  const probabilities = rows.flatMap((row) => [
    { strategy: row.strategy, label: policyLabel(row), event: EVENTS[0], probability: row.prob_attach, occurrences_per_year: row.occurrences_per_year },
    { strategy: row.strategy, label: policyLabel(row), event: EVENTS[1], probability: row.prob_exhaust, occurrences_per_year: row.occurrences_per_year },
  ]);
  const top = probabilityAxisEnd(Math.max(0, ...probabilities.map((row) => row.probability)));
  const xProbability = { field: 'probability', type: 'quantitative', scale: { domain: [0, top], nice: false } };
  const probabilityText = (side: 'left' | 'right') => ({
    transform: [{ filter: side === 'left' ? `datum.probability <= ${top / 2}` : `datum.probability > ${top / 2}` }],
    mark: side === 'left' ? { type: 'text', align: 'left', dx: 7, fontSize: 10 } : { type: 'text', align: 'right', dx: -7, fontSize: 10 },
    encoding: {
      y: yRight,
      yOffset: { field: 'event', type: 'nominal', sort: [...EVENTS] },
      x: xProbability,
      text: { field: 'probability', type: 'quantitative', format: '.2~%' },
    },
  });

  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      anchor: 'start',
      text: strategyTitle(`${data.manifest.scenario.name}: insurance, expected loss against premium`, strategy, false),
      subtitle: [
        `Per policy or layer, the insurer's expected annual loss in ${currency} (point, ±1.96 standard errors) and the premium (tick),`,
        'on a log scale, so that one large premium does not squash the other rows (equal distances are equal ratios).',
        'Right: share of years in which it paid anything (P(attach)) and in which its aggregate limit ran out (P(exhaust)).',
      ],
    },
    params: strategyParams(data),
    hconcat: [
      {
        data: { values: money },
        transform: [strategyFilter(strategy, false)],
        width: 380,
        height: { step: ROW_HEIGHT },
        layer: [
          {
            mark: { type: 'rule', color: 'black' },
            encoding: { y, x: { field: 'low', type: 'quantitative', scale: amountScale }, x2: { field: 'high' } },
          },
          {
            transform: [{ filter: 'datum.expected_loss > 0' }, { calculate: `'${MEASURES[0]}'`, as: 'measure' }],
            mark: { type: 'point', filled: true, size: 70, opacity: 1 },
            encoding: {
              y,
              x: { field: 'expected_loss', type: 'quantitative', scale: amountScale, axis: moneyAxis(`${currency} a year (log scale)`, { values: ticks }) },
              color,
              tooltip: [
                { field: 'strategy', type: 'nominal' },
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
            transform: [{ filter: 'datum.premium > 0' }, { calculate: `'${MEASURES[1]}'`, as: 'measure' }],
            mark: { type: 'tick', thickness: 3 },
            encoding: {
              y,
              x: { field: 'premium', type: 'quantitative', scale: amountScale },
              color,
              tooltip: [{ field: 'strategy', type: 'nominal' }, { field: 'policy', type: 'nominal' }, moneyTooltip('premium', `premium (${currency} a year)`)],
            },
          },
        ],
      },
      {
        data: { values: probabilities },
        transform: [strategyFilter(strategy, false)],
        width: 220,
        height: { step: ROW_HEIGHT, for: 'position' },
        layer: [
          {
            mark: { type: 'point', filled: true, size: 60 },
            encoding: {
              y: yRight,
              yOffset: { field: 'event', type: 'nominal', sort: [...EVENTS] },
              x: { ...xProbability, axis: { title: 'share of years', format: '.0%' } },
              color: { field: 'event', type: 'nominal', scale: { domain: [...EVENTS], range: ['#f58518', '#b279a2'] }, title: null, legend: { orient: 'bottom' } },
              tooltip: [
                { field: 'strategy', type: 'nominal' },
                { field: 'label', type: 'nominal', title: 'policy' },
                { field: 'event', type: 'nominal' },
                { field: 'probability', type: 'quantitative', format: '.2~%' },
                { field: 'occurrences_per_year', type: 'quantitative', format: '.3~f', title: 'occurrences paid a year' },
              ],
            },
          },
          probabilityText('left'),
          probabilityText('right'),
        ],
      },
    ],
    resolve: { scale: { y: 'independent', yOffset: 'independent', color: 'independent' }, legend: { color: 'independent' } },
  };
}

/**
 * The end of the probability axis: a tenth past the largest probability, rounded up to a
 * multiple of 5% (of 1% under 10%), at most 100%; 10% when nothing attaches.
 */
export function probabilityAxisEnd(largest: number): number {
  if (!(largest > 0)) return 0.1;
  const padded = largest * (1 + LABEL_ROOM);
  const step = padded < 0.1 ? 0.01 : 0.05;
  return Math.min(1, Number((Math.ceil(padded / step - 1e-9) * step).toFixed(2)));
}

/** A row's name on the chart: `platform-cyber (platform)`, `cyber-excess (over platform-cyber)`. */
function policyLabel(row: InsuranceRecord): string {
  return row.kind === 'layer' ? `${row.policy} (over ${row.over})` : `${row.policy} (${row.insured})`;
}
