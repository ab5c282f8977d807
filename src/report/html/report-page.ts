import { BASELINE } from '../../scenario/strategies.ts';
import type { VegaLiteSpec } from '../charts/vega-lite-spec.ts';
import { formatAmount, formatPercent, formatWhole } from '../format-amount.ts';
import { verdictText } from '../verdict-text.ts';
import type { StrategyVerdict } from '../../stats/strategy-verdict.ts';
import type { ComparisonRecord, InsuranceRecord, RunData, SummaryRecord } from '../run-data.ts';
import { browserBundles, inlineableScript } from './browser-bundles.ts';
import { firstTermLinks, GLOSSARY_STYLE, glossarySection, termLink } from './glossary-section.ts';
import { noLossNote } from './no-loss-note.ts';
import { PAGE_SCRIPT } from './page-script.ts';
import { pageHead } from './page-head.ts';
import { html, raw, specScriptText, type HtmlValue, type SafeHtml } from './safe-html.ts';
import { YEAR_STYLE, yearSection } from './year-section.ts';

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
  const page = html`${pageHead(`${manifest.scenario.name} — Faultline report`, manifest.faultline_version, html`${raw(REPORT_STYLE)}${GLOSSARY_STYLE}${YEAR_STYLE}`)}
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
${strategyPicker(data)}
${keyFigures(data)}
${summarySection(data)}
${data.insurance.length > 0 ? insuranceSection(data) : ''}
${data.comparison && data.comparison.length > 0 ? comparisonSection(data.comparison, manifest.currency, data.verdict) : ''}
${yearSection(data)}
${charts.length > 0 ? chartsSection(charts) : ''}
${glossarySection()}
</main>
<footer class="page-footer"><p>Simulated with Faultline ${manifest.faultline_version}. This page opens offline: the charts' data, Vega, Vega-Lite and vega-embed are inside it.</p></footer>
<script>${raw(bundles.vega)}</script>
<script>${raw(bundles.vegaLite)}</script>
<script>${raw(bundles.vegaEmbed)}</script>
<script>${raw(inlineableScript(PAGE_SCRIPT, 'the page script'))}</script>
</body>
</html>
`;
  return firstTermLinks(page.text);
}

/** The value of the selector's "all strategies" option, as the charts' `strategy` param knows it. */
const ALL_STRATEGIES_VALUE = '*';

/**
 * With more than one strategy, the selector of the strategy the charts, tables and key figures
 * show (page-script.ts): the baseline first, each strategy, then all of them (the EP curves and
 * distributions overlaid). Hidden until the page script runs, since it does nothing without it.
 */
function strategyPicker(data: RunData): SafeHtml | '' {
  const { strategies } = data.manifest;
  if (strategies.length < 2) return '';
  return html`<div class="strategy-picker" hidden>
<label for="strategy-select">Strategy shown</label>
<select id="strategy-select">
${strategies.map((strategy, index) => html`<option value="${strategy}"${index === 0 ? raw(' selected') : ''}>${strategy}${index === 0 ? ' (baseline)' : ''}</option>`)}
<option value="${ALL_STRATEGIES_VALUE}">all strategies (EP curves and distributions overlaid)</option>
</select>
<p class="note">The charts, key figures and tables follow the choice, but for the comparisons of strategies (which show them all, highlighting the chosen one) and the explained year's section (the baseline's, beside one other strategy); its timeline chart draws the same trial under the chosen strategy.</p>
</div>`;
}

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
    ...(data.explanation ? [['year', 'The explained year'] as [string, string]] : []),
    ...(charts.length > 0 ? [['charts', 'Charts'] as [string, string]] : []),
    ['glossary', 'Glossary'],
  ];
}

function baselineOf(data: RunData): string {
  return data.manifest.strategies[0] ?? BASELINE;
}

/** Per bearer of the baseline, the platform first: mean, p99, TVaR 99 and the chance of any loss. */
function keyFigures(data: RunData): SafeHtml {
  const baseline = baselineOf(data);
  const strategies = data.manifest.strategies.length > 0 ? data.manifest.strategies : [baseline];
  return html`<section id="key-figures" aria-labelledby="key-figures-heading">
<h2 id="key-figures-heading">Key figures</h2>
${strategies.map((strategy) => strategyFigures(data, strategy, strategies.length > 1, strategy !== baseline))}
</section>`;
}

/** The key figures of one strategy; with strategies, tagged for the selector and hidden but for the baseline's. */
function strategyFigures(data: RunData, strategy: string, tagged: boolean, hidden: boolean): SafeHtml {
  const { currency } = data.manifest;
  const rows = data.summary.filter((row) => row.strategy === strategy);
  const carrying = rows.filter((row) => row.bearer === 'platform' || row.max !== 0 || row.mean !== 0);
  const ordered = [...carrying.filter((row) => row.bearer === 'platform'), ...carrying.filter((row) => row.bearer !== 'platform')];
  const untouched = rows.filter((row) => !carrying.includes(row)).map((row) => row.bearer);
  const card = (row: SummaryRecord) => html`<article class="card${row.bearer === 'platform' ? ' headline' : ''}">
<h3>${row.bearer}</h3>
<dl>
<div><dt>${termLink('mean', 'Mean annual loss')}</dt><dd>${formatAmount(row.mean, currency)}</dd></div>
<div><dt>${termLink('return-period', '1-in-100-year loss')} (${termLink('quantile', 'p99')})</dt><dd>${formatAmount(row.p99, currency)}</dd></div>
<div><dt>Mean of the worst 1% (${termLink('tvar-99')})</dt><dd>${formatAmount(row.tvar_99, currency)}</dd></div>
<div><dt>Chance of a loss in a year</dt><dd>${formatPercent(row.prob_loss)}</dd></div>
</dl>
</article>`;
  return html`<div class="strategy-figures"${tagged ? html` data-strategy="${strategy}"` : ''}${hidden ? raw(' hidden') : ''}>
<p class="note">${termLink('strategy', 'Strategy')} ${strategy}; annual ${termLink('net', 'net loss')} after liability and insurance, over ${formatWhole(data.manifest.trials)} ${termLink('trial', 'simulated years')}.</p>
<div class="cards">${ordered.map(card)}</div>
${noLossNote(data, strategy, untouched)}
</div>`;
}

/** One column of a table: its header, whether it holds numbers, the cell of a row and the raw number the page sorts it by. */
interface Column<Row> {
  header: HtmlValue;
  numeric?: boolean;
  cell: (row: Row) => HtmlValue;
  value?: (row: Row) => number | undefined;
}

/** How a table's rows follow the strategy selector: each row's strategy (`data-strategy`), and the one shown without the page script. */
interface StrategyRows<Row> {
  strategyOf: (row: Row) => string;
  shown: string;
}

/**
 * A table whose first column heads its rows. A numeric cell carries its raw number in
 * `data-value`, which the page script sorts by; with `byStrategy`, each row is tagged with its
 * strategy and the rows of other strategies than `shown` start hidden.
 */
function table<Row>(caption: HtmlValue, columns: readonly Column<Row>[], rows: readonly Row[], byStrategy?: StrategyRows<Row>): SafeHtml {
  const cellClass = (column: Column<Row>) => (column.numeric ? 'number' : false);
  const classAttribute = (column: Column<Row>) => (cellClass(column) ? html` class="${cellClass(column)}"` : '');
  return html`<div class="table-wrap"><table>
<caption>${caption}</caption>
<thead><tr>${columns.map((column) => html`<th scope="col"${classAttribute(column)}>${column.header}</th>`)}</tr></thead>
<tbody>
${rows.map((row) => {
  const value = (column: Column<Row>) => {
    const number = column.value?.(row);
    return number === undefined || !Number.isFinite(number) ? '' : html` data-value="${String(number)}"`;
  };
  const strategy = byStrategy ? byStrategy.strategyOf(row) : undefined;
  const tag = strategy === undefined ? '' : html` data-strategy="${strategy}"${strategy === byStrategy!.shown ? '' : raw(' hidden')}`;
  return html`<tr${tag}>${columns.map((column, index) =>
    index === 0 ? html`<th scope="row"${classAttribute(column)}${value(column)}>${column.cell(row)}</th>` : html`<td${classAttribute(column)}${value(column)}>${column.cell(row)}</td>`,
  )}</tr>\n`;
})}</tbody>
</table></div>`;
}

function money<Row>(header: HtmlValue, currency: string, amount: (row: Row) => number): Column<Row> {
  return { header: html`${header} (${currency})`, numeric: true, cell: (row) => formatWhole(amount(row)), value: amount };
}

/** A 90% interval (MODEL §10) as `low – high`; a bound the trials cannot give reads `?`, and a folder without intervals `–`. */
function interval<Row>(header: string, currency: string, bounds: (row: Row) => [number | undefined, number | undefined]): Column<Row> {
  const bound = (value: number | undefined) => (value === undefined ? '?' : formatWhole(value));
  return {
    header: `${header} (${currency})`,
    numeric: true,
    cell: (row) => (bounds(row).every((value) => value === undefined) ? '–' : bounds(row).map(bound).join(' – ')),
    value: (row) => bounds(row)[0],
  };
}

function percent<Row>(header: HtmlValue, share: (row: Row) => number | undefined): Column<Row> {
  return { header, numeric: true, cell: (row) => (share(row) === undefined ? '–' : formatPercent(share(row)!)), value: share };
}

function summarySection(data: RunData): SafeHtml {
  const { currency, strategies } = data.manifest;
  const baseline = baselineOf(data);
  const several = strategies.length > 1;
  const shownRows = several ? data.summary : data.summary.filter((row) => row.strategy === baseline);
  const columns: Column<SummaryRecord>[] = [
    { header: 'Bearer', cell: (row) => row.bearer },
    ...(several ? [{ header: 'Strategy', cell: (row: SummaryRecord) => row.strategy }] : []),
    money('Mean', currency, (row) => row.mean),
    money('SD', currency, (row) => row.sd),
    percent('P(loss)', (row) => row.prob_loss),
    money(termLink('quantile', 'p50'), currency, (row) => row.p50),
    money('p90', currency, (row) => row.p90),
    money('p99', currency, (row) => row.p99),
    interval('p99, 90% interval', currency, (row) => [row.p99_lo, row.p99_hi]),
    money('p99.9', currency, (row) => row.p99_9),
    money(termLink('tvar-99'), currency, (row) => row.tvar_99),
    interval('TVaR 99, 90% interval', currency, (row) => [row.tvar_99_lo, row.tvar_99_hi]),
    money('Max', currency, (row) => row.max),
  ];
  return html`<section id="summary" aria-labelledby="summary-heading">
<h2 id="summary-heading">Annual loss by bearer</h2>
${table(
  several ? html`Strategy <span data-strategy-name>${baseline}</span>: annual net loss per bearer` : `Strategy ${baseline}: annual net loss per bearer`,
  columns,
  shownRows,
  several ? { strategyOf: (row) => row.strategy, shown: baseline } : undefined,
)}
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
  const shown = rows.some((row) => row.strategy === baselineOf(data)) ? baselineOf(data) : (rows[0]?.strategy ?? baselineOf(data));
  const columns: Column<InsuranceRecord>[] = [
    { header: 'Policy', cell: (row) => (row.kind === 'layer' && row.over ? html`${row.policy} <span class="note">(layer over ${row.over})</span>` : row.policy) },
    ...(strategies.length > 1 ? [{ header: 'Strategy', cell: (row: InsuranceRecord) => row.strategy }] : []),
    { header: 'Insured', cell: (row) => row.insured },
    {
      header: html`${termLink('limit', 'Limit')} ${termLink('attachment', 'xs attachment')} (${currency})`,
      numeric: true,
      cell: (row) => `${formatWhole(row.limit)} xs ${formatWhole(row.attachment)}`,
    },
    ...(rows.some((row) => row.share !== 1) ? [percent<InsuranceRecord>(termLink('share', 'Share'), (row) => row.share)] : []),
    {
      header: html`${termLink('aggregate', 'Aggregate limit')} (${currency})`,
      numeric: true,
      cell: (row) => (Number.isFinite(row.aggregate_limit) ? formatWhole(row.aggregate_limit) : 'unlimited'),
    },
    money(termLink('premium', 'Premium'), currency, (row) => row.premium),
    money('Expected loss', currency, (row) => row.expected_loss),
    percent(termLink('loss-ratio', 'Loss ratio'), (row) => row.loss_ratio),
    percent(termLink('p-attach', 'P(attach)'), (row) => row.prob_attach),
    percent('P(exhaust)', (row) => row.prob_exhaust),
  ];
  return html`<section id="insurance" aria-labelledby="insurance-heading">
<h2 id="insurance-heading">Insurance</h2>
${table(
  'Policies and layers: expected loss to the insurer, loss ratio (expected loss ÷ premium), and the chance a year reaches the attachment or exhausts the limit',
  columns,
  rows,
  strategies.length > 1 ? { strategyOf: (row) => row.strategy, shown } : undefined,
)}
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
    money(termLink('total-cost-of-risk', 'Total cost of risk'), currency, (row) => row.total_cost_of_risk),
    {
      header: html`Difference ± 1.96 ${termLink('standard-error', 'SE')} (${currency})`,
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
    ...(withCapital ? [money<ComparisonRecord>('Cost of capital', currency, (row) => row.capital_cost), money<ComparisonRecord>('Total with capital', currency, (row) => row.total_with_capital)] : []),
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
.strategy-picker { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; align-items: center; gap: .25rem .75rem; margin: 1rem 0 0; padding: .5rem .75rem; border: 1px solid var(--rule); border-radius: 6px; background: #fff; }
.strategy-picker label { font-weight: 600; }
.strategy-picker select { font: inherit; max-width: 100%; }
.strategy-picker .note { flex-basis: 100%; margin: 0; }
.strategy-picker[hidden], [data-strategy][hidden] { display: none; }
thead th button.sort { all: unset; cursor: pointer; display: inline; }
thead th button.sort::after { content: " ↕"; color: var(--muted); }
thead th[aria-sort="ascending"] button.sort::after { content: " ↑"; color: var(--ink); }
thead th[aria-sort="descending"] button.sort::after { content: " ↓"; color: var(--ink); }
thead th button.sort:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.table-filter { display: block; margin: .5rem 0 0; font-size: .92rem; }
.table-filter input { font: inherit; margin-left: .25rem; max-width: 60%; }
.chart-subtitle { margin: 0 0 .5rem; }
.chart .vega-embed { max-width: 100%; }
@media (max-width: 719px) {
  .page-header, main, .page-footer { padding: 0 .75rem; }
  h1 { font-size: 1.5rem; }
  .cards { grid-template-columns: 1fr; }
  .chart { overflow-x: visible; }
  .strategy-picker .note { display: none; }
}
.page-footer { margin-top: 3rem; padding-bottom: 2rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .85rem; }
@media print {
  body { font-size: 10pt; }
  .skip-link, .contents, .strategy-picker, .table-filter, .vega-embed details { display: none; }
  .page-header, main, .page-footer { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  tr, .card, .chart-figure { break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap, .chart { overflow: visible; }
  .card, tbody tr:nth-child(even) { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
