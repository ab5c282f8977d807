/// <reference lib="dom" />
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempFolder, PROJECT_ROOT, runCli } from '../../helpers/run-cli.ts';
import { needs } from '../../setup/needs.ts';

/**
 * report.html of real runs in Debian's Chromium, as a reader uses it: the default scenario and
 * scenarios/strategies.yaml (four strategies), each run in-process at 1,000 trials. No console
 * error or warning and no request; a hover on every chart shows formatted values; the strategy
 * selector redraws every chart and the tables; a legend click picks a party out; tables sort and
 * filter; the export action saves an SVG offline; at 400 px nothing is below 10 px or wider than
 * the screen. Screenshots at 1400 and 400 px are kept in a temporary folder and their paths and the
 * load-to-render time (navigation start to `body[data-charts=done]`) printed: timings are only
 * printed, never asserted (`npm run bench` measures them).
 */

const provided = needs('chromium');
const ALLOWED_SCHEMES = ['file:', 'data:', 'blob:'];
const TRIALS = '1000';

interface Opened {
  context: BrowserContext;
  page: Page;
  problems: string[];
  requests: string[];
  renderMs: number;
}

describe('report.html, interactive, in Chromium', () => {
  let browser: Browser | undefined;
  const pages = new Map<string, string>();
  const shots = makeTempFolder('faultline-report-shots');

  beforeAll(async () => {
    if (provided.status !== 'ready') return; // every test is skipped
    browser = await chromium.launch({
      executablePath: provided.path,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const root = makeTempFolder('faultline-report-runs');
    for (const [name, scenario] of [
      ['default', 'scenarios/marketplace.yaml'],
      ['strategies', 'scenarios/strategies.yaml'],
    ] as const) {
      const out = join(root, name);
      const result = await runCli(['run', scenario, '--trials', TRIALS, '--workers', '1', '--out', out, '--quiet'], { cwd: PROJECT_ROOT });
      expect(result.status, result.stderr).toBe(0);
      pages.set(name, join(out, 'report.html'));
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(name: string, width: number): Promise<Opened> {
    const context = await browser!.newContext({ viewport: { width, height: 900 }, offline: true, acceptDownloads: true });
    const requests: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (ALLOWED_SCHEMES.some((scheme) => url.startsWith(scheme))) return route.continue();
      requests.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!ALLOWED_SCHEMES.some((scheme) => request.url().startsWith(scheme))) requests.push(request.url());
    });
    await page.goto(pathToFileURL(pages.get(name)!).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-charts="done"]', { timeout: 60_000 });
    // Navigation start is performance.now()'s zero.
    const renderMs = await page.evaluate(() => performance.now());
    return { context, page, problems, requests, renderMs };
  }

  async function screenshot(opened: Opened, name: string, width: number): Promise<void> {
    const file = join(shots, `${name}-${width}.png`);
    await opened.page.screenshot({ path: file, fullPage: true });
    console.log(`report.html of ${name} at ${width} px: load to render ${Math.round(opened.renderMs)} ms; screenshot ${file}`);
  }

  /** The text of the tooltip a hover on some mark of the chart shows (the first of its marks that has one). */
  async function hoverTooltip(page: Page, chart: string): Promise<string> {
    const marks = page.locator(`[data-chart="${chart}"] svg g.role-mark path, [data-chart="${chart}"] svg g.role-mark line`);
    const count = await marks.count();
    const tooltip = page.locator('#vg-tooltip-element');
    for (let index = 0; index < Math.min(count, 40); index++) {
      // A mark without extent (the band of a single checkpoint) cannot be hovered: try the next.
      const box = await marks.nth(index).boundingBox();
      if (!box || box.width < 1 || box.height < 1) continue;
      await marks.nth(index).hover({ force: true });
      if ((await tooltip.isVisible()) && ((await tooltip.textContent()) ?? '') !== '') {
        const text = (await tooltip.textContent()) ?? '';
        await page.mouse.move(0, 0);
        return text;
      }
    }
    return '';
  }

  const chartSvg = (page: Page, chart: string) => page.locator(`[data-chart="${chart}"] svg.marks`).innerHTML();

  for (const name of ['default', 'strategies']) {
    it(`${name}: draws every chart at 1400 px with no console error and no request, and a hover on each shows formatted values`, async () => {
      const opened = await open(name, 1400);
      const { page } = opened;
      const charts = await page.$$eval('.chart', (containers) => containers.map((container) => [container.getAttribute('data-chart'), container.getAttribute('data-state')]));
      expect(charts.length).toBeGreaterThanOrEqual(5);
      for (const [chart, state] of charts) {
        expect(state, String(chart)).toBe('drawn');
        const text = await hoverTooltip(page, chart!);
        expect(text, `tooltip of ${chart}`).toContain('USD');
        expect(text, `tooltip of ${chart}`).not.toMatch(/\d{12,}/); // no epoch milliseconds
        expect(text, `tooltip of ${chart}`).not.toMatch(/\d\.\d{5,}/); // no long decimals
        if (chart === 'timeline') expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
      }
      await screenshot(opened, name, 1400);
      expect(opened.problems).toEqual([]);
      expect(opened.requests).toEqual([]);
      await opened.context.close();
    });

    it(`${name}: reflows at 400 px: no text under 10 px, nothing wider than the screen but inside table wrappers`, async () => {
      const opened = await open(name, 400);
      const { page } = opened;
      const layout = await page.evaluate(() => {
        const small: string[] = [];
        const scaleOf = (element: Element): number => {
          const svg = element.closest('svg');
          if (!svg) return 1;
          const drawn = svg.getBoundingClientRect().width;
          const own = svg.width.baseVal.value;
          return own > 0 ? drawn / own : 1;
        };
        for (const element of Array.from(document.querySelectorAll('body *'))) {
          const hasText = Array.from(element.childNodes).some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '');
          if (!hasText) continue;
          const box = element.getBoundingClientRect();
          const style = getComputedStyle(element);
          if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) continue;
          if (element.closest('[hidden], .skip-link, details:not([open]) > :not(summary)')) continue;
          const size = parseFloat(style.fontSize) * scaleOf(element);
          if (size < 10) small.push(`${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 40)}" ${size.toFixed(1)} px`);
        }
        const wide = Array.from(document.querySelectorAll('body *'))
          .filter((element) => !element.closest('.table-wrap') && !element.closest('.skip-link'))
          .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .map((element) => `${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''}`);
        return { small, wide: [...new Set(wide)], scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth };
      });
      expect(layout.small).toEqual([]);
      expect(layout.wide).toEqual([]);
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
      // The small multiples are one panel a row.
      const panels = await page.$$eval(
        '[data-chart="exceedance"] svg g.mark-group.role-cell, [data-chart="exceedance"] svg g[class*="cell"]',
        (cells) => [...new Set(cells.map((cell) => Math.round(cell.getBoundingClientRect().left)))].length,
      );
      expect(panels).toBe(1);
      await screenshot(opened, name, 400);
      expect(opened.problems).toEqual([]);
      expect(opened.requests).toEqual([]);
      await opened.context.close();
    });
  }

  it('strategies: the selector redraws every chart and shows the chosen strategy in the tables; overlays the EP curves', async () => {
    const opened = await open('strategies', 1400);
    const { page } = opened;
    const select = page.locator('#strategy-select');
    await expect.poll(() => select.isVisible()).toBe(true);
    const options = await select.locator('option').evaluateAll((items) => items.map((item) => (item as HTMLOptionElement).value));
    expect(options).toEqual(['baseline', 'no-failover', 'more-cyber', 'higher-eo-retention', '*']);
    // The timeline draws the explained trial under the chosen strategy (explain-strategies.json).
    const following = ['loss-distribution', 'exceedance', 'tolerance', 'allocation', 'insurance', 'comparison', 'timeline', 'convergence'];
    const before = new Map<string, string>();
    for (const chart of following) {
      expect(await page.getAttribute(`[data-chart="${chart}"]`, 'data-strategy'), chart).toBe('baseline');
      before.set(chart, await chartSvg(page, chart));
    }
    await select.selectOption('more-cyber');
    for (const chart of following) {
      await expect.poll(() => page.getAttribute(`[data-chart="${chart}"]`, 'data-strategy'), { message: chart }).toBe('more-cyber');
      expect(await chartSvg(page, chart), `${chart} is redrawn`).not.toBe(before.get(chart));
    }
    expect(await page.locator('[data-chart="exceedance"] svg.marks').textContent()).toContain('strategy more-cyber');
    const summaryRows = await page
      .locator('#summary table')
      .first()
      .locator('tbody tr')
      .evaluateAll((rows) => rows.filter((row) => !(row as HTMLTableRowElement).hidden).map((row) => row.getAttribute('data-strategy')));
    expect(summaryRows.length).toBeGreaterThan(5);
    expect(new Set(summaryRows)).toEqual(new Set(['more-cyber']));
    expect(await page.locator('#key-figures [data-strategy="more-cyber"]').isVisible()).toBe(true);
    expect(await page.locator('#key-figures [data-strategy="baseline"]').isVisible()).toBe(false);

    const lines = async () => page.locator('[data-chart="exceedance"] svg g.mark-line path').count();
    const single = await lines();
    await select.selectOption('*');
    await expect.poll(() => page.getAttribute('[data-chart="exceedance"]', 'data-strategy')).toBe('*');
    expect(await lines()).toBe(single * 4);
    expect(await page.locator('[data-chart="exceedance"] svg.marks').textContent()).toContain('all strategies overlaid');
    expect(opened.problems).toEqual([]);
    expect(opened.requests).toEqual([]);
    await opened.context.close();
  });

  it('strategies: a legend click picks a party out, tables sort and filter, the export saves an SVG offline', async () => {
    const opened = await open('strategies', 1400);
    const { page } = opened;

    // Legend toggling: a click on a party fades the others' bars; another puts them back.
    const faded = () => page.$$eval('[data-chart="allocation"] svg g.mark-rect.role-mark path', (paths) => paths.filter((path) => Number(path.getAttribute('opacity') ?? 1) < 0.2).length);
    expect(await faded()).toBe(0);
    const legendLabels = await page.locator('[data-chart="allocation"] svg.marks g.role-legend-label text').allTextContents();
    const platform = page.locator('[data-chart="allocation"] svg.marks g.role-legend-symbol path').nth(legendLabels.indexOf('platform'));
    await platform.click({ force: true });
    await expect.poll(faded).toBeGreaterThan(5);
    await platform.click({ force: true });
    await expect.poll(faded).toBe(0);

    // Sorting: by the mean, numerically, both ways, with aria-sort.
    const table = page.locator('#summary table').first();
    const header = table.locator('thead th', { hasText: 'Mean' }).first();
    const means = () => table.locator('tbody tr:not([hidden])').evaluateAll((rows) => rows.map((row) => Number((row as HTMLTableRowElement).cells[2]!.dataset.value)));
    await header.locator('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await means();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(new Set(ascending).size).toBeGreaterThan(3);
    await header.locator('button').press('Enter');
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(await means()).toEqual([...ascending].reverse());

    // Filtering: the box above the table hides the rows without its text.
    const filter = page.locator('label.table-filter input').first();
    await filter.fill('sellers');
    const shown = await table.locator('tbody tr:not([hidden]) th').allTextContents();
    expect(shown.length).toBe(3);
    expect(shown.every((bearer) => bearer.startsWith('sellers'))).toBe(true);
    await filter.fill('');
    expect(await table.locator('tbody tr:not([hidden])').count()).toBeGreaterThan(5);

    // Export: vega-embed's menu saves the chart as SVG, made in the page, with no request.
    const embed = page.locator('[data-chart="allocation"]');
    await embed.locator('summary').click();
    const links = await embed.locator('.vega-actions a').allTextContents();
    expect(links).toEqual(['Save as SVG', 'Save as PNG']);
    const [download] = await Promise.all([page.waitForEvent('download'), embed.locator('.vega-actions a', { hasText: 'Save as SVG' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.svg$/);
    expect(opened.problems).toEqual([]);
    expect(opened.requests).toEqual([]);
    await opened.context.close();
  });
});
