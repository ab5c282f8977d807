import type { RunData } from '../run-data.ts';

/**
 * The strategy the single-strategy charts draw: the first of the run, the scenario as written
 * (`baseline`); comparison.csv may compare with another one, but the scenario is this one.
 */
export function chartStrategy(data: RunData): string {
  return data.manifest.strategies[0] ?? data.summary[0]?.strategy ?? 'baseline';
}

/** True for the bearers insurance policies create (`insurer:<policy>`). */
export function isInsurer(bearer: string): boolean {
  return bearer.startsWith('insurer:');
}

/** Tableau 20, the categorical scheme of the party colours (Vega's `tableau20`, written out so a colour can be picked by index). */
const PARTY_PALETTE = [
  '#4c78a8',
  '#9ecae9',
  '#f58518',
  '#ffbf79',
  '#54a24b',
  '#88d27a',
  '#b79a20',
  '#f2cf5b',
  '#439894',
  '#83bcb6',
  '#e45756',
  '#ff9d98',
  '#79706e',
  '#bab0ac',
  '#d67195',
  '#fcbfd2',
  '#b279a2',
  '#d6a5c9',
  '#9e765f',
  '#d8b5a5',
] as const;

/**
 * The colour scale of parties in every chart: each party keeps the colour of its place in the
 * run's bearer order (`everyone`, as `bearerOrder` gives it), whichever of them a chart draws
 * (`drawn`), so a party has one colour across the report.
 */
export function partyColorScale(everyone: readonly string[], drawn: readonly string[]): { domain: string[]; range: string[] } {
  // A party outside the order (one only a chart names) takes the next place after it.
  const outsiders = drawn.filter((party) => !everyone.includes(party));
  const place = (party: string) => {
    const index = everyone.indexOf(party);
    return index < 0 ? everyone.length + outsiders.indexOf(party) : index;
  };
  return { domain: [...drawn], range: drawn.map((party) => PARTY_PALETTE[place(party) % PARTY_PALETTE.length]!) };
}

/**
 * Every bearer the data names, in report order: run.json's list first, then any other in order
 * of appearance, so colors and panels keep one order in every chart.
 */
export function bearerOrder(data: RunData, named: readonly string[] = []): string[] {
  return [...new Set([...data.manifest.bearers, ...data.summary.map((row) => row.bearer), ...named])];
}

/**
 * A label expression for amounts on an axis or legend: `0`, `250k`, `1.5M`, `2B` (d3 would write
 * `G`), and amounts under 1 as plain decimals, `0.01` (d3's SI prefixes would write `10m`, milli,
 * which a finance reader takes for ten million).
 */
export const MONEY_LABEL = "abs(datum.value) < 1 ? format(datum.value, '~g') : replace(format(datum.value, '~s'), 'G', 'B')";

/**
 * An axis for amounts: SI-prefixed labels from 1 up (`250k`, `1.5M`), with billions written `B`
 * rather than d3's `G`, and plain decimals below (`0`, `0.01`), e.g. `moneyAxis('USD a year')`.
 * Each label is formatted on its own, so zero reads `0` rather than the axis-wide `0M`.
 */
export function moneyAxis(title: string | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { title, labelExpr: MONEY_LABEL, ...extra };
}

/**
 * The powers of ten spanning [low, high], for the ticks and grid of a log axis (Vega would also
 * draw 2×, 3×, … 9× of each decade), e.g. `decades(6.3, 24e6)` → `[1, 10, …, 1e8]`.
 */
export function decades(low: number, high: number): number[] {
  if (!(low > 0) || !(high >= low)) return [];
  const values: number[] = [];
  for (let power = Math.floor(Math.log10(low)); power <= Math.ceil(Math.log10(high)); power++) values.push(Number(`1e${power}`));
  return values;
}

/** How tooltips write a time: `2027-02-14 08:30 UTC`. */
export const UTC_TIME_FORMAT = '%Y-%m-%d %H:%M UTC';

/**
 * A tooltip field for a time (an ISO 8601 string, which Vega-Lite parses to a date): the UTC
 * date and time, `2027-02-14 08:30 UTC`. Declared temporal and formatted with Vega's
 * `utcFormat`, since a time declared nominal shows the parsed date's epoch milliseconds and
 * `timeFormat` would show the reader's local time.
 */
export function utcTimeTooltip(field: string, title: string): Record<string, unknown> {
  return { field, type: 'temporal', format: UTC_TIME_FORMAT, formatType: 'utcFormat', title };
}

/** A tooltip field for an amount: whole currency units with thousands separators. */
export function moneyTooltip(field: string, title: string): Record<string, unknown> {
  return { field, type: 'quantitative', format: ',.0f', title };
}

/**
 * The page's strategy selector sets a chart's top-level `strategy` param: a strategy's name, or
 * this value for "all strategies overlaid". Vega has no page around it when it renders the SVG and
 * PNG files, so those show the param's initial value, the baseline (`chartStrategy`).
 */
export const ALL_STRATEGIES = '*';

/** A string as a literal of Vega's expression language (names come from scenario files: quoted, escaped). */
export function expressionLiteral(text: string): string {
  return JSON.stringify(text);
}

/** The top-level params of a chart that follows the strategy selector, starting at the run's baseline. */
export function strategyParams(data: RunData): Record<string, unknown>[] {
  return [{ name: 'strategy', value: chartStrategy(data) }];
}

/**
 * The strategy a chart that cannot overlay strategies draws, as an expression: the chosen one,
 * or `fallback` (the baseline) when all are chosen.
 */
export function chosenStrategy(fallback: string): string {
  return `(strategy === ${expressionLiteral(ALL_STRATEGIES)} ? ${expressionLiteral(fallback)} : strategy)`;
}

/**
 * The filter of a chart's rows by the selector: those of the chosen strategy, or with `overlay`
 * every strategy's when all are chosen (without it, the baseline's then).
 */
export function strategyFilter(fallback: string, overlay: boolean): Record<string, unknown> {
  return overlay ? { filter: `strategy === ${expressionLiteral(ALL_STRATEGIES)} || datum.strategy === strategy` } : { filter: `datum.strategy === ${chosenStrategy(fallback)}` };
}

/**
 * A chart title that names the strategy drawn: `<text>, strategy baseline`, or with `overlay`,
 * `<text>, all strategies overlaid` when all are chosen. An expression, so the selector redraws it.
 */
export function strategyTitle(text: string, fallback: string, overlay: boolean): { expr: string } {
  const all = expressionLiteral(ALL_STRATEGIES);
  const single = `${expressionLiteral(`${text}, strategy `)} + ${chosenStrategy(fallback)}`;
  return { expr: overlay ? `strategy === ${all} ? ${expressionLiteral(`${text}, all strategies overlaid`)} : ${single}` : single };
}

/**
 * A point selection bound to a chart's party legend (`field`): a click on a party picks it out
 * and fades the others, each further click adds or removes a party, and with none picked every
 * party shows. Use with `partyOpacity`.
 */
export function partyLegendSelection(field: string): Record<string, unknown> {
  return { name: 'party_pick', select: { type: 'point', fields: [field], toggle: 'true' }, bind: 'legend' };
}

/** The opacity of a mark under the party legend selection: full when picked (or none is), faded otherwise. */
export function partyOpacity(picked: Record<string, unknown> | number = 1): Record<string, unknown> {
  return { condition: typeof picked === 'number' ? { param: 'party_pick', value: picked } : { param: 'party_pick', ...picked }, value: 0.12 };
}

/**
 * Small multiples of parties: one panel per bearer of `drawn` (in that order), three to a row,
 * each with its own y scale and its own x-axis labels, whichever row it is on.
 */
export function partyPanels(drawn: readonly string[]): Record<'facet' | 'columns' | 'resolve', unknown> {
  return {
    facet: { field: 'bearer', type: 'nominal', sort: drawn, title: null },
    columns: 3,
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
  };
}
