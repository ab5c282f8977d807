import type { BreakEvenLine, SweepField } from '../../stats/sweep-break-even.ts';
import type { SweepPoint } from '../charts/sweep-chart.ts';
import type { VegaLiteSpec } from '../charts/vega-lite-spec.ts';
import { formatWhole } from '../format-amount.ts';
import { browserBundles, inlineableScript } from './browser-bundles.ts';
import { pageHead } from './page-head.ts';
import { html, raw, specScriptText, type HtmlValue, type SafeHtml } from './safe-html.ts';

/** What a sweep's page shows. */
export interface SweepPageData {
  version: string;
  scenario: { name: string; file: string };
  seed: number | string;
  trials: number;
  currency: string;
  fields: readonly SweepField[];
  /** The bearer whose cost of risk the table, the break-even and the chart show. */
  bearer: string;
  points: readonly SweepPoint[];
  breakEvens: readonly BreakEvenLine[];
  chart: VegaLiteSpec;
}

/**
 * Builds a sweep's `report.html`: one self-contained page that opens offline, with what was
 * swept, the break-even of each line (MODEL §10, sweeps), the table of every point for the
 * chosen bearer (total cost of risk, its paired difference from the first point and that
 * difference's standard error, with a link to the point's own report) and the sweep chart, drawn
 * in the browser by the inlined Vega, Vega-Lite and vega-embed bundles. Every name and value
 * comes from the scenario or the command line and goes through the `html` tag's escaping.
 */
export function sweepPage(data: SweepPageData): string {
  const bundles = browserBundles();
  const { currency } = data;
  const paths = data.fields.map((field) => field.path);
  const rows = data.points.filter((point) => point.bearer === data.bearer);
  const money = (amount: number | undefined) => (amount === undefined ? '—' : formatWhole(amount));
  const facts: [string, HtmlValue][] = [
    ['Scenario file', html`<code>${data.scenario.file}</code>`],
    ['Seed', html`<code>${String(data.seed)}</code>`],
    ['Trials per point', formatWhole(data.trials)],
    ['Swept', data.fields.map((field, index) => html`${index > 0 ? ' × ' : ''}<code>${field.path}</code> = ${field.values.map(String).join(', ')}`)],
    ['Bearer shown', data.bearer],
    ['Currency', currency],
  ];
  const page = html`${pageHead(`${data.scenario.name} — Faultline sweep`, data.version, raw(STYLE))}
<body>
<header>
<p class="kicker">Faultline sweep</p>
<h1>${data.scenario.name}</h1>
<dl class="facts">${facts.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>
</header>
<main>
<section id="break-even" aria-labelledby="break-even-heading">
<h2 id="break-even-heading">Break-even</h2>
<p class="note">Where the ${data.bearer}'s total cost of risk crosses that of the sweep's first point (${paths.map((path, index) => `${path}=${String(data.fields[index]!.values[0])}`).join(', ')}): the paired difference interpolated linearly between the two values of <code>${paths.at(-1)!}</code> where it changes sign; the interval is where the difference ± 1.96 standard errors, drawn the same way, reaches zero.</p>
${breakEvenTable(data, paths)}
</section>
<section id="points" aria-labelledby="points-heading">
<h2 id="points-heading">Points</h2>
<div class="table-wrap"><table>
<caption>Per point and strategy, the ${data.bearer}'s cost of risk a year (${currency}) and its paired difference from the first point (common random numbers: trial by trial)</caption>
<thead><tr>${[...paths, 'Strategy', 'Retained loss', 'Premiums', 'Mitigation costs', 'Total cost of risk', 'Difference from first', 'SE (paired)', 'Report'].map((header) => html`<th scope="col">${header}</th>`)}</tr></thead>
<tbody>
${rows.map(
  (point) =>
    html`<tr>${point.values.map((value) => html`<td>${String(value)}</td>`)}<td>${point.strategy}</td>${[point.meanLoss, point.premiums, point.mitigationCosts, point.totalCostOfRisk, point.difference, point.sePaired].map((amount) => html`<td class="number">${money(amount)}</td>`)}<td><a href="${encodeURI(point.report)}/report.html">${point.report}</a></td></tr>\n`,
)}</tbody>
</table></div>
</section>
<section id="chart" aria-labelledby="chart-heading">
<h2 id="chart-heading">Chart</h2>
<figure class="chart-figure"><figcaption>Cost of risk against ${paths.at(-1)!}</figcaption>
<div class="chart" data-chart="sweep" data-spec="spec-sweep"></div>
<script type="application/json" id="spec-sweep">${raw(specScriptText(data.chart))}</script>
</figure>
</section>
</main>
<footer><p>Swept with Faultline ${data.version}. This page opens offline: the chart's data, Vega, Vega-Lite and vega-embed are inside it.</p></footer>
<script>${raw(bundles.vega)}</script>
<script>${raw(bundles.vegaLite)}</script>
<script>${raw(bundles.vegaEmbed)}</script>
<script>${raw(inlineableScript(DRAW_CHART, 'the chart script'))}</script>
</body>
</html>
`;
  return page.text;
}

function breakEvenTable(data: SweepPageData, paths: readonly string[]): SafeHtml {
  const headers = [...paths.slice(0, -1), 'Strategy', `Break-even ${paths.at(-1)!}`, '95% interval', 'Between', 'Finding'];
  const number = (value: number | undefined) => (value === undefined ? '—' : formatWhole(value));
  return html`<div class="table-wrap"><table>
<caption>Break-even of ${paths.at(-1)!} for the ${data.bearer}, per strategy</caption>
<thead><tr>${headers.map((header) => html`<th scope="col">${header}</th>`)}</tr></thead>
<tbody>
${data.breakEvens.map(
  (line) =>
    html`<tr>${line.fixed.map((value) => html`<td>${String(value)}</td>`)}<td>${line.strategy}</td><td class="number">${number(line.found?.value)}</td><td class="number">${line.found ? (line.found.low !== undefined && line.found.high !== undefined ? `${number(line.found.low)} to ${number(line.found.high)}` : 'unbounded') : '—'}</td><td>${line.found ? `${line.found.from} – ${line.found.to}` : '—'}</td><td>${line.finding}</td></tr>\n`,
)}</tbody>
</table></div>`;
}

/** Draws the chart from its inline spec as SVG; says so in its place if it fails; `<body data-charts="done">` when settled. */
const DRAW_CHART = `(() => {
  'use strict';
  const container = document.querySelector('.chart[data-spec]');
  new Promise((resolve) => resolve(JSON.parse(document.getElementById(container.dataset.spec).textContent)))
    .then((spec) => vegaEmbed(container, spec, { renderer: 'svg', actions: false }))
    .then(
      () => { container.dataset.state = 'drawn'; },
      (error) => {
        container.dataset.state = 'failed';
        const message = document.createElement('p');
        message.textContent = 'This chart could not be drawn: ' + (error && error.message ? error.message : String(error));
        container.replaceChildren(message);
      },
    )
    .then(() => { document.body.dataset.charts = 'done'; });
})();`;

const STYLE = `
body { margin: 0 auto; max-width: 76rem; padding: 0 1.5rem; color: #1b2230; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.kicker { color: #545c6b; text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8rem; margin-bottom: 0; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0.5rem 1.5rem; }
.facts dt { color: #545c6b; font-size: 0.85rem; }
.facts dd { margin: 0; }
.note { color: #545c6b; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 1rem 0; }
caption { text-align: left; color: #545c6b; padding-bottom: 0.5rem; }
th, td { border-bottom: 1px solid #d5dae2; padding: 0.3rem 0.6rem; text-align: left; }
td.number { text-align: right; }
thead { display: table-header-group; }
`;
