import { BASELINE } from '../../scenario/strategies.ts';
import type { VegaLiteSpec } from '../charts/vega-lite-spec.ts';
import { formatAmount, formatPercent, formatWhole } from '../format-amount.ts';
import { verdictText } from '../verdict-text.ts';
import type { StrategyVerdict } from '../../stats/strategy-verdict.ts';
import type { ComparisonRecord, InsuranceRecord, RunData, SummaryRecord } from '../run-data.ts';
import { browserBundles, inlineableScript } from './browser-bundles.ts';
import { html, raw, specScriptText, type HtmlValue, type SafeHtml } from './safe-html.ts';

/** A chart of the report: its name (as in `charts/<name>.vl.json`), its title and its Vega-Lite spec. */
export interface ReportChart {
  name: string;
  title: string;
  spec: VegaLiteSpec;
}

/**
 * Builds `report.html`: one self-contained page that opens offline, with the run's facts, key
 * figures per bearer, the summary, insurance and comparison tables, and the charts drawn in the
 * browser by the inlined Vega, Vega-Lite and vega-embed bundles.
 *
 * Every name, description and path comes from a scenario file or a CSV and is untrusted: all of it
 * goes through `escapeHtml` (the `html` template tag does that for every value it interpolates),
 * and each spec is inlined as JSON that cannot close its `<script>` element.
 */
export function reportPage(data: RunData, charts: readonly ReportChart[]): string {
  const { manifest } = data;
  const bundles = browserBundles();
  const description = scenarioDescription(data);
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="generator" content="Faultline ${manifest.faultline_version}">
<title>${manifest.scenario.name} — Faultline report</title>
<style>${raw(REPORT_STYLE)}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to the figures</a>
<header class="page-header">
<p class="kicker">Faultline report</p>
<h1>${manifest.scenario.name}</h1>
${description ? html`<p class="description">${description}</p>` : ''}
${runFacts(data)}
<nav class="contents" aria-label="Contents"><ul>
${sections(data, charts).map(([id, title]) => html`<li><a href="#${id}">${title}</a></li>`)}
</ul></nav>
</header>
<main id="main">
${keyFigures(data)}
${summarySection(data)}
${data.insurance.length > 0 ? insuranceSection(data) : ''}
${data.comparison && data.comparison.length > 0 ? comparisonSection(data.comparison, manifest.currency, data.verdict) : ''}
${charts.length > 0 ? chartsSection(charts) : ''}
</main>
<footer class="page-footer"><p>Simulated with Faultline ${manifest.faultline_version}. This page opens offline: the charts' data, Vega, Vega-Lite and vega-embed are inside it.</p></footer>
<script>${raw(bundles.vega)}</script>
<script>${raw(bundles.vegaLite)}</script>
<script>${raw(bundles.vegaEmbed)}</script>
<script>${raw(inlineableScript(DRAW_CHARTS, 'the chart script'))}</script>
</body>
</html>
`;
  return page.text;
}

/**
 * Nothing is fetched: no network, no frames, no plugins. Vega compiles its expressions with
 * `new Function` ('unsafe-eval'); vega-embed adds its own `<style>` element.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'";

/**
 * Draws each chart from its inline spec with vega-embed as SVG, without the actions menu (it
 * links to the online Vega editor). A chart that fails says so in place of the chart; when all
 * are settled, `<body data-charts="done">`.
 */
const DRAW_CHARTS = `(() => {
  'use strict';
  const containers = Array.from(document.querySelectorAll('.chart[data-spec]'));
  const drawings = containers.map((container) =>
    new Promise((resolve) => resolve(JSON.parse(document.getElementById(container.dataset.spec).textContent)))
      .then((spec) => vegaEmbed(container, spec, { renderer: 'svg', actions: false }))
      .then(
        () => { container.dataset.state = 'drawn'; },
        (error) => {
          container.dataset.state = 'failed';
          const message = document.createElement('p');
          message.className = 'chart-error';
          message.textContent = 'This chart could not be drawn: ' + (error && error.message ? error.message : String(error));
          container.replaceChildren(message);
          console.error(error);
        },
      ),
  );
  Promise.all(drawings).then(() => { document.body.dataset.charts = 'done'; });
})();`;

function scenarioDescription(data: RunData): string | undefined {
  // run.json records the scenario's description when it has one.
  const { description } = data.manifest.scenario as RunData['manifest']['scenario'] & { description?: unknown };
  return typeof description === 'string' && description.trim() !== '' ? description : undefined;
}

/** What the run simulated, never how it ran (times, workers): the page is the same bytes for a run on threads, through Redis or merged from shards. */
function runFacts({ manifest }: RunData): SafeHtml {
  const extended = manifest.scenario.files.filter((file) => file !== manifest.scenario.file);
  const facts: [string, HtmlValue][] = [
    ['Scenario file', html`<code>${manifest.scenario.file}</code>`],
    ...(extended.length > 0 ? [['Extends', extended.map((file, index) => html`${index > 0 ? ', ' : ''}<code>${file}</code>`)] as [string, HtmlValue]] : []),
    ['Scenario hash', html`<code>${manifest.scenario.hash}</code>`],
    ['Seed', html`<code>${String(manifest.seed)}</code>`],
    ['Trials', `${formatWhole(manifest.trials)} simulated years`],
    ['Strategies', manifest.strategies.join(', ')],
    ['Currency', manifest.currency],
  ];
  return html`<dl class="facts">${facts.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>`;
}

function sections(data: RunData, charts: readonly ReportChart[]): [string, string][] {
  return [
    ['key-figures', 'Key figures'],
    ['summary', 'Annual loss by bearer'],
    ...(data.insurance.length > 0 ? [['insurance', 'Insurance'] as [string, string]] : []),
    ...(data.comparison && data.comparison.length > 0 ? [['comparison', 'Strategy comparison'] as [string, string]] : []),
    ...(charts.length > 0 ? [['charts', 'Charts'] as [string, string]] : []),
  ];
}

function baselineOf(data: RunData): string {
  return data.manifest.strategies[0] ?? BASELINE;
}

/** Per bearer of the baseline, the platform first: mean, p99, TVaR 99 and the chance of any loss. */
function keyFigures(data: RunData): SafeHtml {
  const { currency } = data.manifest;
  const baseline = baselineOf(data);
  const rows = data.summary.filter((row) => row.strategy === baseline);
  const carrying = rows.filter((row) => row.bearer === 'platform' || row.max !== 0 || row.mean !== 0);
  const ordered = [...carrying.filter((row) => row.bearer === 'platform'), ...carrying.filter((row) => row.bearer !== 'platform')];
  const untouched = rows.filter((row) => !carrying.includes(row)).map((row) => row.bearer);
  const card = (row: SummaryRecord) => html`<article class="card${row.bearer === 'platform' ? ' headline' : ''}">
<h3>${row.bearer}</h3>
<dl>
<div><dt>Mean annual loss</dt><dd>${formatAmount(row.mean, currency)}</dd></div>
<div><dt>1-in-100-year loss (p99)</dt><dd>${formatAmount(row.p99, currency)}</dd></div>
<div><dt>Mean of the worst 1% (TVaR 99)</dt><dd>${formatAmount(row.tvar_99, currency)}</dd></div>
<div><dt>Chance of a loss in a year</dt><dd>${formatPercent(row.prob_loss)}</dd></div>
</dl>
</article>`;
  return html`<section id="key-figures" aria-labelledby="key-figures-heading">
<h2 id="key-figures-heading">Key figures</h2>
<p class="note">Strategy ${baseline}; annual net loss after liability and insurance, over ${formatWhole(data.manifest.trials)} simulated years.</p>
<div class="cards">${ordered.map(card)}</div>
${untouched.length > 0 ? html`<p class="note">No loss in any simulated year: ${untouched.join(', ')}.</p>` : ''}
</section>`;
}

/** One column of a table: its header, whether it holds numbers, and the cell of a row. */
interface Column<Row> {
  header: string;
  numeric?: boolean;
  cell: (row: Row) => HtmlValue;
}

/** A table whose first column heads its rows. */
function table<Row>(caption: string, columns: readonly Column<Row>[], rows: readonly Row[]): SafeHtml {
  const cellClass = (column: Column<Row>) => (column.numeric ? 'number' : false);
  const classAttribute = (column: Column<Row>) => (cellClass(column) ? html` class="${cellClass(column)}"` : '');
  return html`<div class="table-wrap"><table>
<caption>${caption}</caption>
<thead><tr>${columns.map((column) => html`<th scope="col"${classAttribute(column)}>${column.header}</th>`)}</tr></thead>
<tbody>
${rows.map(
  (row) =>
    html`<tr>${columns.map((column, index) =>
      index === 0 ? html`<th scope="row"${classAttribute(column)}>${column.cell(row)}</th>` : html`<td${classAttribute(column)}>${column.cell(row)}</td>`,
    )}</tr>\n`,
)}</tbody>
</table></div>`;
}

function money<Row>(header: string, currency: string, amount: (row: Row) => number): Column<Row> {
  return { header: `${header} (${currency})`, numeric: true, cell: (row) => formatWhole(amount(row)) };
}

function percent<Row>(header: string, share: (row: Row) => number | undefined): Column<Row> {
  return { header, numeric: true, cell: (row) => (share(row) === undefined ? '–' : formatPercent(share(row)!)) };
}

function summarySection(data: RunData): SafeHtml {
  const { currency, strategies } = data.manifest;
  const baseline = baselineOf(data);
  const baselineRows = data.summary.filter((row) => row.strategy === baseline);
  const columns: Column<SummaryRecord>[] = [
    { header: 'Bearer', cell: (row) => row.bearer },
    money('Mean', currency, (row) => row.mean),
    money('SD', currency, (row) => row.sd),
    percent('P(loss)', (row) => row.prob_loss),
    money('p50', currency, (row) => row.p50),
    money('p90', currency, (row) => row.p90),
    money('p99', currency, (row) => row.p99),
    money('p99.9', currency, (row) => row.p99_9),
    money('TVaR 99', currency, (row) => row.tvar_99),
    money('Max', currency, (row) => row.max),
  ];
  return html`<section id="summary" aria-labelledby="summary-heading">
<h2 id="summary-heading">Annual loss by bearer</h2>
${table(`Strategy ${baseline}: annual net loss per bearer`, columns, baselineRows)}
${strategies.length > 1 ? strategyTable(data) : ''}
</section>`;
}

/** With strategies: each bearer's mean and TVaR 99 under every strategy, side by side. */
function strategyTable(data: RunData): SafeHtml {
  const { currency, strategies } = data.manifest;
  const bearers = [...new Set(data.summary.map((row) => row.bearer))];
  const find = (strategy: string, bearer: string) => data.summary.find((row) => row.strategy === strategy && row.bearer === bearer);
  const amount = (row: SummaryRecord | undefined, value: (row: SummaryRecord) => number) => (row ? formatWhole(value(row)) : '–');
  const columns: Column<string>[] = [
    { header: 'Bearer', cell: (bearer) => bearer },
    ...strategies.flatMap((strategy): Column<string>[] => [
      { header: `${strategy}: mean`, numeric: true, cell: (bearer) => amount(find(strategy, bearer), (row) => row.mean) },
      { header: `${strategy}: TVaR 99`, numeric: true, cell: (bearer) => amount(find(strategy, bearer), (row) => row.tvar_99) },
    ]),
  ];
  return table(`Every strategy: mean and TVaR 99 of annual net loss (${currency})`, columns, bearers);
}

function insuranceSection(data: RunData): SafeHtml {
  const { currency, strategies } = data.manifest;
  const rows = data.insurance;
  const columns: Column<InsuranceRecord>[] = [
    { header: 'Policy', cell: (row) => (row.kind === 'layer' && row.over ? html`${row.policy} <span class="note">(layer over ${row.over})</span>` : row.policy) },
    ...(strategies.length > 1 ? [{ header: 'Strategy', cell: (row: InsuranceRecord) => row.strategy }] : []),
    { header: 'Insured', cell: (row) => row.insured },
    { header: `Limit xs attachment (${currency})`, numeric: true, cell: (row) => `${formatWhole(row.limit)} xs ${formatWhole(row.attachment)}` },
    ...(rows.some((row) => row.share !== 1) ? [percent<InsuranceRecord>('Share', (row) => row.share)] : []),
    {
      header: `Aggregate limit (${currency})`,
      numeric: true,
      cell: (row) => (Number.isFinite(row.aggregate_limit) ? formatWhole(row.aggregate_limit) : 'unlimited'),
    },
    money('Premium', currency, (row) => row.premium),
    money('Expected loss', currency, (row) => row.expected_loss),
    percent('Loss ratio', (row) => row.loss_ratio),
    percent('P(attach)', (row) => row.prob_attach),
    percent('P(exhaust)', (row) => row.prob_exhaust),
  ];
  return html`<section id="insurance" aria-labelledby="insurance-heading">
<h2 id="insurance-heading">Insurance</h2>
${table('Policies and layers: expected loss to the insurer, loss ratio (expected loss ÷ premium), and the chance a year reaches the attachment or exhausts the limit', columns, rows)}
</section>`;
}

/**
 * The strategy comparison: the verdict for the platform (verdict.json, the words the terminal
 * printed, and every strategy against the baseline), then comparison.csv's rows.
 */
function comparisonSection(rows: readonly ComparisonRecord[], currency: string, verdict: StrategyVerdict | undefined): SafeHtml {
  const withCapital = rows.some((row) => row.capital_cost !== 0);
  const withTolerance = rows.some((row) => row.within_tolerance !== undefined);
  const columns: Column<ComparisonRecord>[] = [
    { header: 'Strategy', cell: (row) => row.strategy },
    { header: 'Bearer', cell: (row) => row.bearer },
    money('Retained loss', currency, (row) => row.mean_loss),
    money('Premiums', currency, (row) => row.premiums),
    money('Mitigation costs', currency, (row) => row.mitigation_costs),
    money('Total cost of risk', currency, (row) => row.total_cost_of_risk),
    {
      header: `Difference ± 1.96 SE (${currency})`,
      numeric: true,
      cell: (row) => `${formatWhole(row.difference)} ± ${formatWhole(1.96 * row.se_difference)}`,
    },
    { header: 'Within noise', cell: (row) => (row.within_noise ? 'yes' : 'no') },
    money('TVaR 99', currency, (row) => row.tvar_99),
    {
      header: `TVaR 99 difference ± 1.96 SE (${currency})`,
      numeric: true,
      cell: (row) => `${formatWhole(row.tvar_99_difference)} ± ${formatWhole(1.96 * row.se_tvar_99_difference)}`,
    },
    ...(withCapital
      ? [money<ComparisonRecord>('Cost of capital', currency, (row) => row.capital_cost), money<ComparisonRecord>('Total with capital', currency, (row) => row.total_with_capital)]
      : []),
    ...(withTolerance
      ? [
          {
            header: 'Risk tolerance',
            cell: (row: ComparisonRecord) =>
              row.within_tolerance === undefined
                ? '–'
                : row.within_tolerance
                  ? 'within'
                  : `breached: ${formatPercent(row.worst_breach_probability!)} of years above ${formatAmount(row.worst_breach_loss!, currency)} (at most ${formatPercent(row.worst_breach_acceptable!)})`,
          },
        ]
      : []),
  ];
  const baselines = [...new Set(rows.map((row) => row.baseline))];
  return html`<section id="comparison" aria-labelledby="comparison-heading">
<h2 id="comparison-heading">Strategy comparison</h2>
${verdict ? verdictBlock(verdict, currency) : ''}
${table(`Total cost of risk a year per strategy and bearer, compared with ${baselines.join(', ')}`, columns, rows)}
</section>`;
}

/** The verdict's sentences and its table of every strategy against the baseline. */
function verdictBlock(verdict: StrategyVerdict, currency: string): SafeHtml {
  const text = verdictText(verdict, currency);
  const columns: Column<string[]>[] = text.header.map((header, index) => ({
    header,
    numeric: index > 0 && !(verdict.tolerance && index === text.header.length - 1),
    cell: (row) => row[index]!,
  }));
  return html`<div class="verdict" data-verdict="${verdict.recommended ?? ''}">
${text.sentences.map((sentence) => html`<p class="verdict-sentence">${sentence}</p>`)}
${table(text.caption, columns, text.rows)}
</div>`;
}

function chartsSection(charts: readonly ReportChart[]): SafeHtml {
  return html`<section id="charts" aria-labelledby="charts-heading">
<h2 id="charts-heading">Charts</h2>
<noscript><p class="note">The charts are drawn with JavaScript; their specs are also in the run folder's <code>charts/</code>.</p></noscript>
${charts.map(
  (chart, index) => html`<figure class="chart-figure" id="figure-${index + 1}">
<figcaption>${chart.title}</figcaption>
<div class="chart" id="chart-${index + 1}" data-chart="${chart.name}" data-spec="spec-${index + 1}"></div>
<script type="application/json" id="spec-${index + 1}">${raw(specScriptText(chart.spec))}</script>
</figure>
`,
)}</section>`;
}

/** Plain, readable and printable: system fonts, tabular numbers, tables that scroll on narrow screens and keep their header rows in print. */
const REPORT_STYLE = `
:root { color-scheme: light; --ink: #1b2230; --muted: #545c6b; --rule: #d5dae2; --band: #f3f5f8; --accent: #1c4f8f; --focus: #e8a400; }
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page-header, main, .page-footer { max-width: 76rem; margin: 0 auto; padding: 0 1.5rem; }
.skip-link { position: absolute; left: -100vw; }
.skip-link:focus { left: 1rem; top: 1rem; padding: .5rem .75rem; background: #fff; border: 2px solid var(--accent); z-index: 1; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.kicker { margin: 1.5rem 0 0; color: var(--muted); font-size: .85rem; letter-spacing: .08em; text-transform: uppercase; }
h1 { margin: .1rem 0 .5rem; font-size: 2rem; line-height: 1.2; overflow-wrap: anywhere; }
h2 { margin: 2.5rem 0 .75rem; padding-bottom: .3rem; border-bottom: 2px solid var(--rule); font-size: 1.4rem; }
h3 { margin: 0 0 .5rem; font-size: 1.05rem; overflow-wrap: anywhere; }
.description { max-width: 60rem; white-space: pre-line; }
.note { color: var(--muted); font-size: .92rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .5rem 1.5rem; margin: 1rem 0; }
.facts dt { color: var(--muted); font-size: .85rem; }
.facts dd { margin: 0; }
.contents ul { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: 1rem 0 0; padding: .6rem 0; border-top: 1px solid var(--rule); list-style: none; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1rem; }
.card { padding: .8rem 1rem; border: 1px solid var(--rule); border-radius: 6px; background: var(--band); }
.card dl { display: grid; gap: .2rem; margin: 0; }
.card dl div { display: flex; justify-content: space-between; gap: 1rem; }
.card dt { color: var(--muted); font-size: .92rem; }
.card dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
.card.headline { grid-column: 1 / -1; border-left: 6px solid var(--accent); }
.card.headline dl { grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: .75rem 1.5rem; }
.card.headline dl div { display: block; }
.card.headline dd { font-size: 1.5rem; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1.5rem; }
table { width: 100%; border-collapse: collapse; font-size: .9rem; }
caption { padding: 0 0 .5rem; text-align: left; font-weight: 600; }
th, td { padding: .35rem .5rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; vertical-align: bottom; white-space: normal; }
tbody th { font-weight: 600; overflow-wrap: break-word; }
tbody tr:nth-child(even) { background: var(--band); }
.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.number { white-space: normal; }
.chart-figure { margin: 1.5rem 0 2rem; break-inside: avoid; }
.chart-figure figcaption { margin-bottom: .5rem; font-weight: 600; }
.chart { overflow-x: auto; min-height: 2rem; }
.chart svg { max-width: 100%; height: auto; }
.chart-error { color: #9b1c1c; }
.page-footer { margin-top: 3rem; padding-bottom: 2rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .85rem; }
@media print {
  body { font-size: 10pt; }
  .skip-link, .contents { display: none; }
  .page-header, main, .page-footer { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  tr, .card, .chart-figure { break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap, .chart { overflow: visible; }
  .card, tbody tr:nth-child(even) { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
