import { allocationSentences, readableTime, recoverySentences, yearContext, type YearContext } from '../explained-sentences.ts';
import { formatAmount, formatWhole, roundCents } from '../format-amount.ts';
import { partyName } from '../reason-sentences.ts';
import type { ComparisonRecord, RunData } from '../run-data.ts';
import type { ExplainedIncident, PartyTotal, YearExplanation } from '../year-explanation.ts';
import { eventSentence } from '../year-event-sentences.ts';
import { yearWhy } from '../year-why.ts';
import { termLink } from './glossary-section.ts';
import { html, raw, type SafeHtml } from './safe-html.ts';

/**
 * The report page's explained year (explain.json): which trial and why, a diagram of the
 * pipeline with this year's amounts on it, the year's totals per party with a "why" line for the
 * zero or surprising rows, the same year under a second strategy side by side (from
 * explain-strategies.json, when the run has strategies), the year's event streams in time order
 * (folded), and the narrative: each incident with
 * its time and summary, its components, who finally carries each and why (the sentences of
 * `faultline explain`), and what insurance paid.
 */
export function yearSection(data: RunData): SafeHtml | '' {
  const explanation = data.explanation;
  if (!explanation) return '';
  const context = yearContext(explanation);
  const other = otherStrategy(data);
  return html`<section id="year" aria-labelledby="year-heading">
<h2 id="year-heading">The explained year</h2>
<p>${explanation.selection.reason} Strategy ${explanation.strategy}; ${explanation.year.start} to ${explanation.year.end}, times in UTC. One ${termLink('trial', 'simulated year')}, told from its incidents to who pays; <code>faultline explain</code> prints the same year.</p>
${pipelineDiagram(explanation)}
${totalsTable(explanation)}
${other ? sideBySide(explanation, other) : ''}
${eventList(explanation)}
<h3 id="year-incidents">${explanation.incidents.length === 0 ? 'No incidents this year' : `${explanation.incidents.length} incident${explanation.incidents.length === 1 ? '' : 's'}, in time order`}</h3>
${explanation.incidents.length === 0 ? html`<p>Nothing went wrong, so nobody lost anything.</p>` : html`<ol class="year-incidents">${explanation.incidents.map((incident) => incidentItem(incident, context, explanation.incidents.length <= 5))}</ol>`}
</section>`;
}

/**
 * The year as its event streams merged in time order, folded: one line an event, with its time,
 * its stream and the sentence `faultline explain` prints. An explain.json written before the
 * streams has none, and the page then leaves the list out.
 */
function eventList(explanation: YearExplanation): SafeHtml | '' {
  const events = Array.isArray(explanation.events) ? explanation.events : [];
  if (events.length === 0) return '';
  return html`<details class="year-events"><summary>The year as its event streams, in time order (${String(events.length)} events)</summary>
<ol class="year-events">${events.map(
    (event) => html`<li><time datetime="${event.time}">${readableTime(event.time)}</time> <span class="stream">${String(event.stream)}</span> ${eventSentence(event, explanation.currency)}</li>`,
  )}</ol>
</details>`;
}

/** The amounts the pipeline diagram shows for one year. */
export interface PipelineAmounts {
  incidents: number;
  /** Incidents another one started. */
  triggered: number;
  /** All ground-up losses. */
  groundUp: number;
  /** What liability moved from the party that suffered a loss to another (credits included). */
  moved: number;
  /** What liability added: legal costs and other components no incident caused directly. */
  added: number;
  /** What insurance policies paid their insureds. */
  insurance: number;
  /** Each party's net for the year, largest first, non-zero ones. */
  net: { bearer: string; amount: number }[];
}

/** The year's amounts at each stage of the pipeline, in currency units rounded to cents. */
export function pipelineAmounts(explanation: YearExplanation): PipelineAmounts {
  let moved = 0;
  let added = 0;
  let insurance = 0;
  for (const incident of explanation.incidents) {
    for (const component of incident.components) {
      if (!component.ground_up) added += component.amount;
      for (const allocation of component.allocations) if (allocation.bearer !== component.sufferer && allocation.amount > 0) moved += allocation.amount;
    }
    for (const recovery of incident.recoveries) insurance += recovery.amount;
  }
  return {
    incidents: explanation.incidents.length,
    triggered: explanation.incidents.filter((incident) => incident.triggered_by !== null).length,
    groundUp: roundCents(explanation.totals.reduce((sum, total) => sum + total.suffered, 0)),
    moved: roundCents(moved),
    added: roundCents(added),
    insurance: roundCents(insurance),
    net: explanation.totals
      .filter((total) => total.net !== 0)
      .map((total) => ({ bearer: total.bearer, amount: total.net }))
      .sort((a, b) => b.amount - a.amount),
  };
}

/** scenario → incidents → impacts → liability → insurance → who pays, as a row of boxes with this year's amounts. */
function pipelineDiagram(explanation: YearExplanation): SafeHtml {
  const amounts = pipelineAmounts(explanation);
  const money = (amount: number) => html`<span class="stage-amount" data-amount="${String(amount)}">${formatAmount(amount, explanation.currency)}</span>`;
  const payers = amounts.net.slice(0, 6);
  const rest = amounts.net.length - payers.length;
  return html`<figure class="pipeline-figure">
<figcaption>This year through the pipeline</figcaption>
<ol class="pipeline">
<li class="stage" data-stage="scenario"><h4>Scenario</h4><p>${explanation.scenario}</p><p class="note">trial ${formatWhole(explanation.trial)}, strategy ${explanation.strategy}</p></li>
<li class="stage" data-stage="incidents"><h4>Incidents</h4><p><span class="stage-amount" data-amount="${String(amounts.incidents)}">${formatWhole(amounts.incidents)}</span></p><p class="note">${amounts.triggered > 0 ? `${formatWhole(amounts.triggered)} started by another` : 'none started by another'}</p></li>
<li class="stage" data-stage="impacts"><h4>Impacts</h4><p>${money(amounts.groundUp)}</p><p class="note">${termLink('ground-up', 'ground-up loss')}, to whoever suffered it</p></li>
<li class="stage" data-stage="liability"><h4>${termLink('liability', 'Liability')}</h4><p>${money(amounts.moved)}</p><p class="note">moved to another party; <span class="stage-added" data-amount="${String(amounts.added)}">${formatAmount(amounts.added, explanation.currency)}</span> added (legal costs)</p></li>
<li class="stage" data-stage="insurance"><h4>Insurance</h4><p>${money(amounts.insurance)}</p><p class="note">paid back by policies to their insureds</p></li>
<li class="stage" data-stage="who-pays"><h4>Who pays</h4>${
    payers.length === 0
      ? html`<p>nobody</p>`
      : html`<ul class="payers">${payers.map((payer) => html`<li data-bearer="${payer.bearer}">${payer.bearer} ${money(payer.amount)}</li>`)}</ul>${rest > 0 ? html`<p class="note">and ${rest} more</p>` : ''}`
  }<p class="note">${termLink('net', 'net')} for the year</p></li>
</ol>
</figure>`;
}

const COLUMNS: (keyof Omit<PartyTotal, 'bearer'>)[] = ['suffered', 'carried', 'insurance', 'net'];

/** The year's totals per party, then why the zero or surprising rows read as they do. */
function totalsTable(explanation: YearExplanation): SafeHtml {
  const { currency, totals } = explanation;
  const reasons = yearWhy(explanation);
  const sum = (column: (typeof COLUMNS)[number]) => totals.reduce((total, row) => total + row[column], 0);
  const headers = { suffered: termLink('ground-up', 'Suffered'), carried: termLink('carried', 'Carried'), insurance: html`Insurance`, net: termLink('net', 'Net') };
  return html`<div class="table-wrap"><table class="year-totals">
<caption>The year's totals per party (${currency}): suffered before any claim; carried after liability; insurance: minus what policies paid it, plus what an insurer paid; net = carried + insurance</caption>
<thead><tr><th scope="col">${termLink('party', 'Party')}</th>${COLUMNS.map((column) => html`<th scope="col" class="number">${headers[column]}</th>`)}</tr></thead>
<tbody>
${totals.map((total) => html`<tr data-bearer="${total.bearer}"><th scope="row">${total.bearer}</th>${COLUMNS.map((column) => html`<td class="number" data-amount="${String(total[column])}">${formatWhole(total[column])}</td>`)}</tr>\n`)}<tr class="all-parties"><th scope="row">all parties</th>${COLUMNS.map((column) => html`<td class="number">${formatWhole(sum(column))}</td>`)}</tr>
</tbody>
</table></div>
${
  explanation.paid_most
    ? html`<p>Who paid most: ${explanation.paid_most.bearer}, ${formatAmount(explanation.paid_most.net, currency)} net.</p>`
    : html`<p>Who paid most: nobody; no party had a net loss this year.</p>`
}
${reasons.length > 0 ? html`<ul class="why">${reasons.map(({ bearer, why }) => html`<li data-bearer="${bearer}"><strong>${bearer}</strong>: ${why}</li>`)}</ul>` : ''}`;
}

/** The strategy shown beside the baseline, and why that one. */
interface OtherStrategy {
  explanation: YearExplanation;
  why: string;
}

/**
 * The second strategy of the side-by-side: the one the verdict recommends for the platform
 * (verdict.json: the cheapest within its risk tolerance) when that is not the baseline, else the
 * one with the lowest total cost of risk for the platform (comparison.csv), else the first after
 * the baseline.
 */
function otherStrategy(data: RunData): OtherStrategy | undefined {
  const explanations = data.strategyExplanations;
  const baseline = data.explanation?.strategy;
  if (!explanations || explanations.length < 2 || baseline === undefined) return undefined;
  const others = explanations.filter((explanation) => explanation.strategy !== baseline && explanation.trial === data.explanation!.trial);
  if (others.length === 0) return undefined;
  const recommended = data.verdict?.recommended;
  const chosen = others.find((explanation) => explanation.strategy === recommended);
  if (chosen) {
    const tolerance = data.verdict!.tolerance ? ' within its risk tolerance' : '';
    return { explanation: chosen, why: `the strategy the verdict recommends for the platform: the cheapest${tolerance} in total cost of risk over the whole run` };
  }
  const costs = (data.comparison ?? []).filter((row): row is ComparisonRecord => row.bearer === 'platform' && row.strategy !== baseline);
  const cheapest = [...costs].sort((a, b) => a.total_cost_of_risk - b.total_cost_of_risk).find((row) => others.some((explanation) => explanation.strategy === row.strategy));
  if (cheapest) {
    return {
      explanation: others.find((explanation) => explanation.strategy === cheapest.strategy)!,
      why: `the strategy with the lowest total cost of risk for the platform over the whole run (${formatAmount(cheapest.total_cost_of_risk, data.manifest.currency)} a year)`,
    };
  }
  return { explanation: others[0]!, why: 'the first strategy after the baseline (the run compares no platform costs)' };
}

/** The same year under the baseline and one other strategy: each party's carried, insurance and net, and the difference in net. */
function sideBySide(baseline: YearExplanation, other: OtherStrategy): SafeHtml {
  const { currency } = baseline;
  const second = other.explanation;
  const bearers = [...new Set([...baseline.totals.map((total) => total.bearer), ...second.totals.map((total) => total.bearer)])];
  const find = (explanation: YearExplanation, bearer: string) => explanation.totals.find((total) => total.bearer === bearer);
  const cells = (total: PartyTotal | undefined) =>
    (['carried', 'insurance', 'net'] as const).map(
      (column) => html`<td class="number"${column === 'net' ? html` data-amount="${String(total?.net ?? 0)}"` : ''}>${formatWhole(total?.[column] ?? 0)}</td>`,
    );
  const line = (explanation: YearExplanation) => {
    const amounts = pipelineAmounts(explanation);
    return html`<li><strong>${explanation.strategy}</strong>: ${formatWhole(amounts.incidents)} incident${amounts.incidents === 1 ? '' : 's'}, ${formatAmount(amounts.groundUp, currency)} ground-up, ${formatAmount(amounts.moved, currency)} moved by liability, ${formatAmount(amounts.insurance, currency)} paid by insurance.</li>`;
  };
  return html`<div id="year-strategies" class="side-by-side" data-strategies="${baseline.strategy},${second.strategy}">
<h3>The same year under ${second.strategy}</h3>
<p>Trial ${formatWhole(baseline.trial)} again, with the same ${termLink('draw', 'draws')} (${termLink('common-random-numbers')}): only what the ${termLink('strategy')} changes differs. ${second.strategy} is shown because it is ${other.why}.</p>
<ul>${line(baseline)}${line(second)}</ul>
<div class="table-wrap"><table class="year-strategies">
<caption>The year's totals per party under ${baseline.strategy} and ${second.strategy} (${currency})</caption>
<thead><tr><th scope="col" rowspan="2">Party</th><th scope="colgroup" colspan="3">${baseline.strategy}</th><th scope="colgroup" colspan="3">${second.strategy}</th><th scope="col" rowspan="2" class="number">Difference in net</th></tr>
<tr>${[baseline, second].map(() => html`<th scope="col" class="number">Carried</th><th scope="col" class="number">Insurance</th><th scope="col" class="number">Net</th>`)}</tr></thead>
<tbody>
${bearers.map((bearer) => {
  const a = find(baseline, bearer);
  const b = find(second, bearer);
  return html`<tr data-bearer="${bearer}"><th scope="row">${bearer}</th>${cells(a)}${cells(b)}<td class="number">${formatWhole((b?.net ?? 0) - (a?.net ?? 0))}</td></tr>\n`;
})}</tbody>
</table></div>
</div>`;
}

/** One incident of the narrative: time, name and summary; each component with who carries it and why; insurance; its net. */
function incidentItem(incident: ExplainedIncident, context: YearContext, open: boolean): SafeHtml {
  const { currency } = context;
  const parent = incident.triggered_by;
  const net = incident.net.map((entry) => `${entry.bearer} ${formatAmount(entry.amount, currency)}`).join('; ');
  let previous: readonly string[] = [];
  const reasons = (sentences: readonly string[]) => {
    const same = sentences.length > 1 && sentences.length === previous.length && sentences.every((sentence, index) => sentence === previous[index]);
    previous = sentences;
    return same ? html`<p class="reasons-same">Same reasons as above.</p>` : html`<ol class="reasons">${sentences.map((sentence) => html`<li>${sentence}</li>`)}</ol>`;
  };
  return html`<li id="year-incident-${String(incident.number)}" value="${String(incident.number)}"><details class="incident"${open ? raw(' open') : ''}>
<summary><time datetime="${incident.time}">${readableTime(incident.time)}</time> <strong>${incident.name}</strong> (${incident.type})${net ? html` — net: ${net}` : ''}</summary>
<p>${incident.summary}</p>
${parent ? html`<p>Started by ${parent.number === null || parent.number === undefined ? parent.id : html`<a href="#year-incident-${String(parent.number)}">incident ${String(parent.number)}</a> (${parent.name}${parent.type ? `, ${parent.type} at ${readableTime(parent.time)}` : ''})`}.</p>` : ''}
${
  incident.components.length === 0 && incident.recoveries.length === 0
    ? html`<p>No loss.</p>`
    : html`<ul class="components">
${incident.components.map(
  (
    component,
  ) => html`<li><p><strong>${component.kind}</strong> ${formatAmount(component.amount, currency)} ${component.ground_up ? `suffered by ${component.sufferer}` : `added by liability, for ${component.sufferer}`}</p>
<ul class="allocations">${component.allocations.map(
    (allocation) =>
      html`<li><p>→ ${allocation.bearer} carries ${formatAmount(allocation.amount, currency)}${allocation.amount < 0 ? ' (a credit received)' : ''}</p>${reasons(allocationSentences(allocation, component, context))}</li>`,
  )}</ul></li>
`,
)}${incident.recoveries.map(
        (
          recovery,
        ) => html`<li class="recovery"><p><strong>Insurance</strong>: policy ${recovery.policy} paid ${partyName(recovery.insured)} ${formatAmount(recovery.amount, currency)}</p><ol class="reasons">${recoverySentences(recovery, context).map((sentence) => html`<li>${sentence}</li>`)}</ol></li>
`,
      )}</ul>`
}
<p class="incident-net">Net for this incident: ${net || 'nothing'}.</p>
</details></li>
`;
}

/** The style of the explained year: the pipeline as a row of boxes with arrows, the incidents as an open list. */
export const YEAR_STYLE = raw(`
.pipeline-figure { margin: 1rem 0 1.5rem; }
ol.year-events { list-style: none; padding-left: 0; font-size: .9rem; }
ol.year-events time { font-variant-numeric: tabular-nums; color: var(--muted); }
ol.year-events .stream { display: inline-block; min-width: 5.5rem; font-weight: 600; }
.pipeline-figure figcaption { font-weight: 600; margin-bottom: .5rem; }
.pipeline { display: flex; flex-wrap: wrap; gap: 1.6rem; margin: 0; padding: 0; list-style: none; }
.pipeline .stage { position: relative; flex: 1 1 9rem; padding: .5rem .7rem; border: 1px solid var(--rule); border-top: 4px solid var(--accent); border-radius: 6px; background: var(--band); }
.pipeline .stage + .stage::before { content: "→"; position: absolute; left: -1.35rem; top: 40%; color: var(--muted); font-size: 1.2rem; }
.pipeline h4 { margin: 0 0 .25rem; font-size: .95rem; }
.pipeline p { margin: .15rem 0; }
.pipeline .stage-amount { font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
.pipeline .payers { margin: 0; padding: 0; list-style: none; font-size: .9rem; }
.why { color: var(--muted); }
.side-by-side { margin: 1.5rem 0; }
.year-incidents { padding-left: 2rem; }
.year-incidents > li { margin: .4rem 0; }
.incident summary { cursor: pointer; }
.incident .components, .incident .allocations { list-style: none; padding-left: 1rem; }
.incident .components > li { margin: .5rem 0; }
.incident p { margin: .2rem 0; }
.incident .reasons { margin: .1rem 0 .4rem; color: var(--muted); font-size: .92rem; }
.reasons-same { color: var(--muted); font-size: .92rem; font-style: italic; }
@media print { .incident summary { list-style: none; } }
`);
