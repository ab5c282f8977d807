import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineAmounts } from '../../../src/report/html/year-section.ts';
import { GLOSSARY } from '../../../src/report/glossary.ts';
import type { YearExplanation } from '../../../src/report/year-explanation.ts';
import { expectExit } from '../../helpers/expect-exit.ts';
import { makeTempFolder, runCli } from '../../helpers/run-cli.ts';

/**
 * The explained year on report.html, from real runs: the section and its narrative, the pipeline
 * diagram carrying the year's own amounts, the side-by-side of two strategies for a run with
 * strategies (and not for one without), glossary links that all land on an entry, and
 * `faultline report` on folders with and without explain-strategies.json.
 */

const root = makeTempFolder('faultline-year-section');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const single = join(root, 'single');
const strategies = join(root, 'strategies');
const older = join(root, 'older');

/** The page without the contents of its script and style elements. */
function markupOf(folder: string): string {
  return readFileSync(join(folder, 'report.html'), 'utf8')
    .replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/g, '$1</script>')
    .replace(/(<style\b[^>]*>)[\s\S]*?<\/style>/g, '$1</style>');
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** The data-amount of the element of a stage of the pipeline. */
function stageAmounts(markup: string, stage: string): number[] {
  const start = markup.indexOf(`data-stage="${stage}"`);
  const item = markup.slice(start, markup.indexOf('</li>\n', start));
  return [...item.matchAll(/data-amount="([^"]*)"/g)].map((match) => Number(match[1]));
}

describe('the explained year on the page', () => {
  beforeAll(async () => {
    const runs = await Promise.all([
      runCli(['run', 'scenarios/marketplace.yaml', '-n', '400', '-o', single, '--no-charts', '-q', '-w', '1']),
      runCli(['run', 'test/fixtures/scenarios/strategies/good.yaml', '-n', '400', '-o', strategies, '--no-charts', '-q', '-w', '1']),
      runCli(['run', 'test/fixtures/scenarios/strategies/good.yaml', '-n', '400', '-o', older, '--no-charts', '-q', '-w', '1']),
    ]);
    for (const run of runs) expectExit(run, 0);
    rmSync(join(older, 'explain-strategies.json'));
    // An explain.json from before the year's event streams: no `events`.
    const { events: _events, ...withoutEvents } = readJson<YearExplanation>(join(older, 'explain.json'));
    writeFileSync(join(older, 'explain.json'), `${JSON.stringify(withoutEvents, null, 2)}\n`);
    expectExit(await runCli(['report', older, '--no-charts', '-q']), 0);
  });

  it('has the section, listed in the contents, with each incident of explain.json in order, its summary and its sentences', () => {
    const markup = markupOf(single);
    const explanation = readJson<YearExplanation>(join(single, 'explain.json'));
    expect(markup).toContain('<li><a href="#year">The explained year</a></li>');
    const section = markup.slice(markup.indexOf('<section id="year"'), markup.indexOf('</section>', markup.indexOf('<section id="year"')));
    expect(section).toContain(explanation.selection.reason);
    const numbers = [...section.matchAll(/<li id="year-incident-(\d+)"/g)].map((match) => Number(match[1]));
    expect(numbers).toEqual(explanation.incidents.map((incident) => incident.number));
    for (const incident of explanation.incidents) expect(section).toContain(incident.summary.replaceAll("'", '&#39;'));
    expect(section).toMatch(/<ol class="reasons"><li>The [a-z ]+ caused the incident/);
    expect(section).not.toMatch(/[a-z]_[a-z]+: /); // no "contract: buyer_guarantee…" codes as reasons
  });

  it("draws the pipeline with the year's own amounts: incidents, ground-up, liability, insurance and each party's net", () => {
    const markup = markupOf(single);
    const explanation = readJson<YearExplanation>(join(single, 'explain.json'));
    const amounts = pipelineAmounts(explanation);
    expect(stageAmounts(markup, 'incidents')).toEqual([explanation.incidents.length]);
    const suffered = explanation.totals.reduce((sum, total) => sum + total.suffered, 0);
    expect(Math.abs(stageAmounts(markup, 'impacts')[0]! - suffered)).toBeLessThan(0.01);
    const recovered = explanation.incidents.reduce((sum, incident) => sum + incident.recoveries.reduce((part, recovery) => part + recovery.amount, 0), 0);
    expect(Math.abs(stageAmounts(markup, 'insurance')[0]! - recovered)).toBeLessThan(0.01);
    expect(stageAmounts(markup, 'liability')).toEqual([amounts.moved, amounts.added]);
    const payers = [...explanation.totals]
      .filter((total) => total.net !== 0)
      .sort((a, b) => b.net - a.net)
      .slice(0, 6);
    expect(stageAmounts(markup, 'who-pays')).toEqual(payers.map((total) => total.net));
    expect(markup).toMatch(
      /<ol class="pipeline">\n<li class="stage" data-stage="scenario">[\s\S]*data-stage="incidents"[\s\S]*data-stage="impacts"[\s\S]*data-stage="liability"[\s\S]*data-stage="insurance"[\s\S]*data-stage="who-pays"/,
    );
  });

  it("lists the year's totals per party as explain.json has them", () => {
    const markup = markupOf(single);
    const explanation = readJson<YearExplanation>(join(single, 'explain.json'));
    for (const total of explanation.totals) {
      const row = new RegExp(
        `<tr data-bearer="${total.bearer}"><th scope="row">${total.bearer}</th>${[total.suffered, total.carried, total.insurance, total.net].map((amount) => `<td class="number" data-amount="${amount}">`).join('[^<]*</td>')}`,
      );
      expect(markup, total.bearer).toMatch(row);
    }
  });

  it('shows no side-by-side for a run of one strategy, and writes no explain-strategies.json', () => {
    expect(markupOf(single)).not.toContain('id="year-strategies"');
    expect(() => readFileSync(join(single, 'explain-strategies.json'))).toThrow();
  });

  it('explains the same trial under every strategy, and shows the baseline beside the strategy the verdict recommends for the platform (else the cheapest)', () => {
    const explained = readJson<{ trial: number; explanations: YearExplanation[] }>(join(strategies, 'explain-strategies.json'));
    const baseline = readJson<YearExplanation>(join(strategies, 'explain.json'));
    const manifest = readJson<{ strategies: string[] }>(join(strategies, 'run.json'));
    expect(explained.trial).toBe(baseline.trial);
    expect(explained.explanations.map((explanation) => explanation.strategy)).toEqual(manifest.strategies);
    expect(explained.explanations.every((explanation) => explanation.trial === baseline.trial)).toBe(true);
    expect(explained.explanations[0]).toEqual(baseline);

    // The strategy the verdict recommends for the platform, when that is not the baseline; else the cheapest for it.
    const { recommended } = readJson<{ recommended: string | null }>(join(strategies, 'verdict.json'));
    const comparison = readFileSync(join(strategies, 'comparison.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    const cheapest = comparison.filter((cells) => cells[1] === 'platform' && cells[0] !== 'baseline').sort((a, b) => Number(a[5]) - Number(b[5]))[0]![0]!;
    const shown = recommended && recommended !== 'baseline' ? recommended : cheapest;
    const markup = markupOf(strategies);
    expect(markup).toContain(`<div id="year-strategies" class="side-by-side" data-strategies="baseline,${shown}">`);
    expect(markup).toContain(
      recommended && recommended !== 'baseline'
        ? `${shown} is shown because it is the strategy the verdict recommends for the platform`
        : `${shown} is shown because it is the strategy with the lowest total cost of risk for the platform`,
    );
    const other = explained.explanations.find((explanation) => explanation.strategy === shown)!;
    const table = markup.slice(markup.indexOf('<table class="year-strategies">'), markup.indexOf('</table>', markup.indexOf('<table class="year-strategies">')));
    for (const total of other.totals) expect(table).toContain(`data-amount="${total.net}"`);
  });

  it('rebuilds with faultline report from a folder without explain-strategies.json: the year, without the side-by-side', () => {
    const markup = markupOf(older);
    expect(markup).toContain('<section id="year"');
    expect(markup).not.toContain('id="year-strategies"');
    expect(markup).not.toContain('class="year-events"'); // its explain.json predates the event streams
  });

  it("folds the year's event streams in time order, each with its time, stream and explain's sentence", () => {
    const markup = markupOf(single);
    const explanation = readJson<YearExplanation>(join(single, 'explain.json'));
    expect(explanation.events.length).toBeGreaterThan(12);
    expect(markup).toContain(`<summary>The year as its event streams, in time order (${explanation.events.length} events)</summary>`);
    const items = [...markup.matchAll(/<li><time datetime="([^"]+)">[^<]*<\/time> <span class="stream">([a-z]+)<\/span> ([^<]*)<\/li>/g)];
    expect(items.map((item) => [item[1], item[2]])).toEqual(explanation.events.map((event) => [event.time, event.stream]));
    expect(items[0]![3]).toMatch(/^demand in 2027-01: 0\.\d\d× the average month/);
  });

  it('links glossary terms to entries that exist, each term at most once, and has every entry', () => {
    for (const folder of [single, strategies]) {
      const markup = markupOf(folder);
      const links = [...markup.matchAll(/href="#(glossary-[a-z0-9-]+)"/g)].map((match) => match[1]!);
      expect(links.length).toBeGreaterThan(10);
      expect(new Set(links).size).toBe(links.length);
      for (const link of links) expect(markup, link).toContain(`<div id="${link}">`);
      for (const entry of GLOSSARY) expect(markup).toContain(`<div id="glossary-${entry.id}">`);
    }
    expect(markupOf(single)).toMatch(/<dt><a class="term" href="#glossary-tvar-99"[^>]*>TVaR 99<\/a>|Mean of the worst 1% \(<a class="term" href="#glossary-tvar-99"/);
  });
});

describe('the explained year with hostile names', () => {
  it('escapes every name the year takes from a scenario, and writes none raw', async () => {
    const { hostileRunData, HOSTILE, SELLERS, POLICY } = await import('./report-fixture.ts');
    const { reportPage } = await import('../../../src/report/html/report-page.ts');
    const { escapeHtml } = await import('../../../src/report/html/safe-html.ts');
    const data = hostileRunData();
    const step = (reason: string) => ({ rule: 'contract', reason, draw: null });
    data.explanation = {
      scenario: HOSTILE,
      seed: 1,
      strategy: 'baseline',
      trial: 1,
      trials: 10,
      selection: { method: 'given', reason: `Trial 1 ${HOSTILE}.` },
      year: { start: '2027-01-01', end: '2027-12-31' },
      currency: 'USD',
      incidents: [
        {
          number: 1,
          id: `${HOSTILE}#1`,
          name: HOSTILE,
          type: 'loss_event',
          time: '2027-01-02T00:00:00Z',
          time_hours: 24,
          triggered_by: { id: `${HOSTILE}#0`, number: null, name: HOSTILE, type: 'breach', time: '2027-01-01T00:00:00Z' },
          summary: `Loss ${HOSTILE}.`,
          details: {},
          components: [{ kind: HOSTILE, amount: 10, sufferer: SELLERS, coverage: 'uninsured', ground_up: true, allocations: [{ bearer: SELLERS, amount: 10, trail: [step(`caused_by_${SELLERS}`)] }] }],
          recoveries: [{ policy: POLICY, insured: SELLERS, amount: 0, trail: [{ rule: 'insurance', reason: 'within_retention', draw: null, other: { amount: 10 } }] }],
          net: [{ bearer: SELLERS, amount: 10 }],
        },
      ],
      events: [],
      totals: [{ bearer: SELLERS, suffered: 10, carried: 10, insurance: 0, net: 10 }],
      paid_most: { bearer: SELLERS, net: 10, share: 1 },
    };
    const markup = reportPage(data, []).replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/g, '$1</script>');
    const section = markup.slice(markup.indexOf('<section id="year"'), markup.indexOf('<section id="glossary"'));
    expect(section.length).toBeGreaterThan(1000);
    for (const text of [HOSTILE, SELLERS, POLICY]) {
      expect(section, text).not.toContain(text);
      expect(section, text).toContain(escapeHtml(text));
    }
  });
});
