import { formatWhole, roundCents } from '../format-amount.ts';
import type { YearExplanation } from '../year-explanation.ts';
import { MONEY_LABEL, moneyAxis, moneyTooltip, partyColorScale, partyLegendSelection, partyOpacity, strategyFilter, strategyTitle, utcTimeTooltip } from './chart-basics.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-lite-spec.ts';

const DAY_MS = 86_400_000;

/** One point of a party's cumulative net loss line. */
export interface CumulativePoint {
  bearer: string;
  /** UTC, to the second. */
  time: string;
  /** What moved the line: `#7 platform-breach`, or the start or end of the year. */
  incident: string;
  change: number;
  cumulative: number;
  /** Position on the party's line, from 0 (the lines are drawn in this order, not re-sorted by time). */
  step: number;
}

/**
 * The explained year as a Vega-Lite spec: above, each incident at its time on the calendar
 * (colored by type, sized by its net loss over all parties); below, each party's cumulative net
 * loss over the year, a step line that moves at each incident by the party's net for it and ends
 * at the party's year total. A click on a party in the legend picks its line out
 * (`partyLegendSelection`).
 *
 * With `strategies` (explain-strategies.json: the same trial under every strategy, the baseline
 * first), every strategy's incidents and lines are in the data (field `strategy`) and the
 * `strategy` param (the page's selector; the baseline in the rendered files, and when all are
 * chosen) picks the year drawn; without, the chart is the baseline's year alone.
 */
export function timelineChart(explanation: YearExplanation, everyone: readonly string[] = [], strategies: readonly YearExplanation[] = []): VegaLiteSpec {
  const currency = explanation.currency;
  const years = strategies.length > 1 ? strategies : [explanation];
  const following = years.length > 1;
  // One strategy: the rows carry no strategy field (the chart is the baseline's year alone).
  const incidents = years.flatMap((year) => incidentPoints(year).map((point) => (following ? { strategy: year.strategy, ...point } : point)));
  const types = [...new Set(incidents.map((incident) => incident.type))];
  const lines = years.flatMap((year) => cumulativeNetLines(year).map((point) => (following ? { strategy: year.strategy, ...point } : point)));
  const parties = [...new Set(lines.map((point) => point.bearer))];
  const x = { field: 'time', type: 'temporal', scale: { type: 'utc' }, axis: { title: `${explanation.year.start} to ${explanation.year.end} (UTC)`, format: '%b' } };
  const chosen = following ? { transform: [strategyFilter(explanation.strategy, false)] } : {};
  const heading = `${explanation.scenario}: the year of trial ${explanation.trial}`;

  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      anchor: 'start',
      text: following ? strategyTitle(heading, explanation.strategy, false) : `${heading}, strategy ${explanation.strategy}`,
      subtitle: [
        explanation.selection.reason,
        `Above: each incident at its time, colored by type, sized by its net loss over all parties (${currency}).`,
        `Below: each party's cumulative net loss in ${currency} (after liability and insurance; negative: credits received).`,
      ],
    },
    ...(following ? { params: [{ name: 'strategy', value: explanation.strategy }] } : {}),
    vconcat: [
      {
        data: { values: incidents },
        ...chosen,
        width: 640,
        height: { step: 22 },
        mark: { type: 'point', filled: true, opacity: 0.8 },
        encoding: {
          x,
          y: { field: 'type', type: 'nominal', sort: types, title: 'incident type' },
          color: { field: 'type', type: 'nominal', sort: types, title: 'incident type', legend: null },
          size: { field: 'net_total', type: 'quantitative', scale: { type: 'sqrt', range: [20, 600] }, title: `net loss (${currency})`, legend: { labelExpr: MONEY_LABEL, tickCount: 4 } },
          tooltip: [
            { field: 'number', type: 'ordinal', title: '#' },
            { field: 'name', type: 'nominal', title: 'incident' },
            { field: 'type', type: 'nominal' },
            utcTimeTooltip('time', 'time (UTC)'),
            { field: 'summary', type: 'nominal' },
            { field: 'triggered_by', type: 'nominal', title: 'triggered by' },
            moneyTooltip('net_total', `net loss, all parties (${currency})`),
            { field: 'net_by_bearer', type: 'nominal', title: `net by party (${currency})` },
          ],
        },
      },
      {
        data: { values: lines },
        ...chosen,
        width: 640,
        height: 240,
        params: [partyLegendSelection('bearer')],
        mark: { type: 'line', interpolate: 'step-after', point: true },
        encoding: {
          x,
          opacity: partyOpacity(),
          y: { field: 'cumulative', type: 'quantitative', axis: moneyAxis(`cumulative net loss (${currency})`) },
          color: { field: 'bearer', type: 'nominal', sort: parties, scale: partyColorScale(everyone, parties), title: 'party', legend: { symbolOpacity: 1 } },
          order: { field: 'step', type: 'quantitative' },
          tooltip: [
            { field: 'bearer', type: 'nominal', title: 'party' },
            { field: 'incident', type: 'nominal' },
            utcTimeTooltip('time', 'time (UTC)'),
            moneyTooltip('change', `change (${currency})`),
            moneyTooltip('cumulative', `cumulative (${currency})`),
          ],
        },
      },
    ],
    resolve: { scale: { x: 'shared', color: 'independent', size: 'independent' } },
  };
}

/** The incidents of a year as the timeline's points, in time order. */
function incidentPoints(explanation: YearExplanation): Record<string, string | number>[] {
  return [...explanation.incidents]
    .sort((a, b) => a.time_hours - b.time_hours || a.number - b.number)
    .map((incident) => ({
      number: incident.number,
      name: incident.name,
      type: incident.type,
      time: incident.time,
      summary: incident.summary,
      triggered_by: incident.triggered_by ? triggerName(explanation, incident.triggered_by) : '',
      net_total: roundCents(incident.net.reduce((sum, entry) => sum + entry.amount, 0)),
      net_by_bearer: incident.net.map((entry) => `${entry.bearer} ${formatWhole(entry.amount)}`).join('; '),
    }));
}

/**
 * Each party's net loss accumulated over the year, in time order: from 0 at the start of the
 * year, one point per incident that moved it, and a last point at the end of the year at the
 * party's total (`totals[].net`, which the rounded per-incident nets may miss by a cent). Parties
 * with no net movement and a zero total are left out.
 */
export function cumulativeNetLines(explanation: YearExplanation): CumulativePoint[] {
  const start = `${explanation.year.start}T00:00:00Z`;
  const end = new Date(Date.parse(`${explanation.year.end}T00:00:00Z`) + DAY_MS).toISOString().replace('.000Z', 'Z');
  const incidents = [...explanation.incidents].sort((a, b) => a.time_hours - b.time_hours || a.number - b.number);
  const named = [...explanation.totals.map((total) => total.bearer), ...incidents.flatMap((incident) => incident.net.map((entry) => entry.bearer))];
  const points: CumulativePoint[] = [];
  for (const bearer of new Set(named)) {
    const total = explanation.totals.find((party) => party.bearer === bearer);
    const moves = incidents.flatMap((incident) => incident.net.filter((entry) => entry.bearer === bearer && entry.amount !== 0).map((entry) => ({ incident, amount: entry.amount })));
    if (moves.length === 0 && (total?.net ?? 0) === 0) continue;
    let cumulative = 0;
    const line: Omit<CumulativePoint, 'step'>[] = [{ bearer, time: start, incident: 'start of year', change: 0, cumulative: 0 }];
    for (const { incident, amount } of moves) {
      cumulative += amount;
      line.push({ bearer, time: incident.time, incident: `#${incident.number} ${incident.name}`, change: amount, cumulative: roundCents(cumulative) });
    }
    const net = total?.net ?? roundCents(cumulative);
    line.push({ bearer, time: end, incident: 'end of year', change: roundCents(net - cumulative), cumulative: net });
    points.push(...line.map((point, step) => ({ ...point, step })));
  }
  return points;
}

/** The incident that started another: `#3 ransomware-outage`, or its name alone when it is not in the year. */
function triggerName(explanation: YearExplanation, trigger: { id: string; name: string }): string {
  const number = explanation.incidents.find((incident) => incident.id === trigger.id)?.number;
  return number === undefined ? trigger.name : `#${number} ${trigger.name}`;
}
