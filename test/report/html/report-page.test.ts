import { describe, expect, it } from 'vitest';
import { inlineableScript } from '../../../src/report/html/browser-bundles.ts';
import { reportPage } from '../../../src/report/html/report-page.ts';
import { escapeHtml, specScriptText } from '../../../src/report/html/safe-html.ts';
import { BEARERS, CHART_TITLE, DESCRIPTION, fixtureCharts, HOSTILE, hostileRunData, INSURER, POLICY, PROCESSOR, SCENARIO_FILE, SCENARIO_NAME, SELLERS, STRATEGY } from './report-fixture.ts';

/**
 * report.html as text: every untrusted name is escaped wherever it appears, spec JSON cannot end
 * its script element, nothing points to the network, the bundles are inline and the tables list
 * the bearers.
 */

const data = hostileRunData();
const charts = fixtureCharts(data);
const page = reportPage(data, charts);

/** The page with the contents of every `<script>` element removed: the markup alone. */
const markup = page.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/g, '$1</script>');

/** The text of each `<script>` element, in order. */
const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((match) => ({ attributes: match[1]!, text: match[2]! }));

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });
});

describe('reportPage escaping', () => {
  const untrusted = [SCENARIO_NAME, DESCRIPTION, SCENARIO_FILE, SELLERS, PROCESSOR, INSURER, POLICY, STRATEGY, CHART_TITLE, HOSTILE];

  it('never writes an untrusted string raw into the markup, and does write it escaped', () => {
    for (const text of untrusted) {
      expect(markup, text).not.toContain(text);
      expect(markup, text).toContain(escapeHtml(text));
    }
    expect(markup).toContain(`<h1>${escapeHtml(SCENARIO_NAME)}</h1>`);
    expect(markup).toContain(`<title>${escapeHtml(SCENARIO_NAME)} — Faultline report</title>`);
    expect(markup).toContain(`<p class="description">${escapeHtml(DESCRIPTION)}</p>`);
  });

  it('has exactly the script elements it means to: three bundles, three specs and the drawing script', () => {
    expect(scripts.map((script) => script.attributes.trim())).toEqual([
      'type="application/json" id="spec-1"',
      'type="application/json" id="spec-2"',
      'type="application/json" id="spec-3"',
      '',
      '',
      '',
      '',
    ]);
    // No stray markup from the data: one <h1>, one <main>, no <img>, no comment opened by data.
    expect(markup.match(/<h1>/g)).toHaveLength(1);
    expect(markup.match(/<main\b/g)).toHaveLength(1);
    expect(markup).not.toMatch(/<img\b/i);
    expect(markup).not.toContain('<!--');
  });

  it('escapes untrusted names in attributes as well as text', () => {
    const hostileChart = charts[2]!;
    expect(markup).toContain(`data-chart="${escapeHtml(hostileChart.name)}"`);
    for (const [, value] of markup.matchAll(/\s[a-z-]+="([^"]*)"/g)) expect(value).not.toMatch(/[<>]/);
  });

  it('inlines each spec as JSON that cannot close its script element and parses back to the spec', () => {
    for (const [index, chart] of charts.entries()) {
      const script = scripts[index]!;
      expect(script.text).toBe(specScriptText(chart.spec));
      expect(script.text).not.toMatch(/<\/script|<!--|</i);
      expect(script.text).not.toMatch(/[\u2028\u2029]/);
      expect(JSON.parse(script.text)).toEqual(chart.spec);
    }
    expect(specScriptText({ title: '</script><!--\u2028' })).toBe('{"title":"\\u003c/script>\\u003c!--\\u2028"}');
  });
});

describe('reportPage content', () => {
  it('has every chart: a captioned container and its spec', () => {
    for (const [index, chart] of charts.entries()) {
      const id = index + 1;
      expect(markup).toContain(`<figcaption>${escapeHtml(chart.title)}</figcaption>`);
      expect(markup).toContain(`<div class="chart" id="chart-${id}" data-chart="${escapeHtml(chart.name)}" data-spec="spec-${id}"></div>`);
      expect(page).toContain(`<script type="application/json" id="spec-${id}">${specScriptText(chart.spec)}</script>`);
    }
    // vega-embed's export actions (SVG, PNG), without the source, the compiled spec or the online editor.
    expect(page).toContain('actions: { export: true, source: false, compiled: false, editor: false }');
  });

  it('fetches nothing: no http(s) URL in any src or href, only in-page links', () => {
    // Attributes inside tags; the escaped scenario path `&lt;img src=x …` is text, not a tag.
    expect(markup).not.toMatch(/<[a-z][^<>]*\s(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    const links = [...markup.matchAll(/<a\s[^<>]*href="([^"]*)"/g)].map((match) => match[1]!);
    expect(links.filter((link) => !link.startsWith('#glossary-'))).toEqual(['#main', '#key-figures', '#summary', '#insurance', '#comparison', '#charts', '#glossary']);
    for (const link of links) expect(markup, link).toContain(`id="${link.slice(1)}"`);
    expect(markup).not.toMatch(/<[a-z][^<>]*\ssrc\s*=/i);
    expect(markup).not.toMatch(/<link\b|@import|url\(/i);
    expect(markup).toContain(`http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`);
  });

  it('inlines Vega, Vega-Lite and vega-embed without their source-map comments', () => {
    expect(page.length).toBeGreaterThan(700_000);
    const bundles = scripts.slice(3, 6).map((script) => script.text);
    expect(bundles[0]).toContain('t.version="5.');
    expect(bundles.join('\n')).not.toMatch(/sourceMappingURL/);
    for (const bundle of bundles) expect(bundle.length).toBeGreaterThan(50_000);
  });

  it('refuses script text that would end its element or open a comment', () => {
    expect(inlineableScript('a();\n//# sourceMappingURL=a.js.map\n', 'a.js')).toBe('a();');
    expect(() => inlineableScript('x = "</SCRIPT>"', 'b.js')).toThrow(/b\.js/);
    expect(() => inlineableScript('x = "<!--"', 'c.js')).toThrow(/c\.js/);
  });

  it('shows the run facts: file, hash, seed, trials and strategies', () => {
    expect(markup).toContain(`<code>${escapeHtml(SCENARIO_FILE)}</code>`);
    expect(markup).toContain('<code>sha256:0123abcd</code>');
    expect(markup).toContain(`<code>${escapeHtml('seed <i>&</i>')}</code>`);
    expect(markup).toContain('2,000 simulated years');
    expect(markup).toContain(escapeHtml(`baseline, ${STRATEGY}`));
  });

  it('puts the platform first among the key figures, with money in the currency and thousands separators', () => {
    const section = markup.slice(markup.indexOf('id="key-figures"'), markup.indexOf('id="summary"'));
    // One block of figures per strategy; the baseline's shows, the others wait for the selector.
    const keyFigures = section.slice(section.indexOf('data-strategy="baseline"'), section.indexOf(`data-strategy="${escapeHtml(STRATEGY)}"`));
    expect(section).toContain(`<div class="strategy-figures" data-strategy="${escapeHtml(STRATEGY)}" hidden>`);
    const cards = [...keyFigures.matchAll(/<h3>([^<]*)<\/h3>/g)].map((match) => match[1]);
    expect(cards).toEqual(['platform', escapeHtml(SELLERS), escapeHtml(PROCESSOR), escapeHtml(INSURER)]);
    expect(keyFigures).toContain('USD 1,760,701');
    expect(keyFigures).toMatch(/No loss in any simulated year:<\/p><ul>\n<li data-bearer="buyers"><strong>buyers<\/strong> \(the buyers\): no loss is ever left with it after liability\.<\/li>/);
  });

  it('never writes a chance short of certain as 100%, nor one above nothing as 0%', () => {
    const near = hostileRunData();
    for (const row of near.summary.filter((record) => record.strategy === 'baseline')) {
      if (row.bearer === 'platform') row.prob_loss = 0.99919;
      if (row.bearer === SELLERS) row.prob_loss = 0.000004;
    }
    const text = reportPage(near, []);
    const keyFigures = text.slice(text.indexOf('id="key-figures"'), text.indexOf('id="summary"'));
    const chances = [...keyFigures.matchAll(/<dt>Chance of a loss in a year<\/dt><dd>([^<]*)<\/dd>/g)].map((match) => match[1]);
    expect(chances.slice(0, 2)).toEqual(['99.9%', escapeHtml('< 0.001%')]);
    expect(keyFigures).not.toContain('<dd>100%</dd>');
    expect(keyFigures).not.toContain('<dd>0%</dd>');
    const summary = text.slice(text.indexOf('id="summary"'), text.indexOf('id="insurance"'));
    expect(summary).toMatch(/<th scope="row">platform<\/th>.*?>99\.9%</s);
  });

  it('lists every bearer in the summary table and both strategies side by side', () => {
    const summary = markup.slice(markup.indexOf('id="summary"'), markup.indexOf('id="insurance"'));
    for (const bearer of BEARERS) expect(summary).toContain(`<th scope="row">${escapeHtml(bearer)}</th>`);
    expect(summary).toContain('<th scope="col" class="number">Mean (USD)</th>');
    expect(summary).toContain('717,692');
    expect(summary).toContain(`${escapeHtml(STRATEGY)}: TVaR 99`);
  });

  it('has the insurance table with loss ratio, P(attach) and P(exhaust), and the comparison table', () => {
    const insurance = markup.slice(markup.indexOf('id="insurance"'), markup.indexOf('id="comparison"'));
    expect(insurance).toMatch(/Loss ratio.*P\(attach\).*P\(exhaust\)/s);
    expect(insurance).toContain(`<th scope="row">${escapeHtml(POLICY)}</th>`);
    expect(insurance).toContain('42%');
    expect(insurance).toContain('unlimited');
    const comparison = markup.slice(markup.indexOf('id="comparison"'), markup.indexOf('id="charts"'));
    expect(comparison).toMatch(/>Total cost of risk(<\/a>)? \(USD\)/);
    for (const bearer of BEARERS) expect(comparison).toContain(escapeHtml(bearer));
  });

  it('leaves out the insurance and comparison sections, and the charts, when the run has none', () => {
    const plain = reportPage({ ...data, insurance: [], comparison: undefined }, []);
    expect(plain).not.toContain('id="insurance"');
    expect(plain).not.toContain('id="comparison"');
    expect(plain).not.toContain('id="charts"');
    expect(plain).not.toContain('href="#insurance"');
  });
});

describe('reportPage interactivity', () => {
  it('offers a strategy selector with the baseline first, each strategy and all of them, hidden until the page script runs', () => {
    const picker = markup.slice(markup.indexOf('<div class="strategy-picker"'), markup.indexOf('</select>'));
    expect(picker).toContain('<div class="strategy-picker" hidden>');
    const options = [...picker.matchAll(/<option value="([^"]*)"/g)].map((match) => match[1]);
    expect(options).toEqual(['baseline', escapeHtml(STRATEGY), '*']);
    expect(picker).toContain('<option value="baseline" selected>baseline (baseline)</option>');
  });

  it('has no selector with one strategy', () => {
    const single = hostileRunData();
    single.manifest.strategies = ['baseline'];
    single.summary = single.summary.filter((row) => row.strategy === 'baseline');
    expect(reportPage(single, fixtureCharts(data))).not.toContain('id="strategy-select"');
  });

  it("tags the summary rows with their strategy, the baseline's shown, and gives numeric cells their raw number", () => {
    const summary = markup.slice(markup.indexOf('id="summary"'), markup.indexOf('id="insurance"'));
    const rows = [...summary.matchAll(/<tr( data-strategy="([^"]*)"( hidden)?)?>/g)].filter((match) => match[1] !== undefined);
    expect(rows.length).toBe(data.summary.length);
    for (const row of rows) expect(row[3] === undefined, row[0]).toBe(row[2] === 'baseline');
    const platform = data.summary.find((row) => row.strategy === 'baseline' && row.bearer === 'platform')!;
    expect(summary).toContain(`<td class="number" data-value="${platform.mean}">1,760,701</td>`);
  });
});
