import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPage } from '../../../src/report/html/report-page.ts';
import { reportFiles } from '../../../src/report/report-files.ts';
import { needs } from '../../setup/needs.ts';
import { loadRunData } from '../charts/run-data-fixture.ts';
import { fixtureCharts, hostileRunData, SCENARIO_NAME } from './report-fixture.ts';

/**
 * report.html in a real browser: Debian's Chromium opens the file from disk with every network
 * request refused, draws every chart as SVG with marks, logs no error and runs none of the
 * hostile names. A screenshot is kept in a temporary folder (its path is printed).
 *
 * The test setup (test/setup/provision.ts) installs Debian's chromium (/usr/bin/chromium) when it
 * can; where it cannot, these tests are skipped, saying why (under CI they fail).
 */

const provided = needs('chromium');
const ALLOWED_SCHEMES = ['file:', 'data:', 'blob:'];

describe('report.html in Chromium', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (provided.status !== 'ready') return; // every test is skipped
    browser = await chromium.launch({
      executablePath: provided.path,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('opens offline, draws every chart and reports no errors', async () => {
    const data = hostileRunData();
    const charts = fixtureCharts(data);
    const folder = mkdtempSync(join(tmpdir(), 'faultline-report-'));
    const file = join(folder, 'report.html');
    writeFileSync(file, reportPage(data, charts));

    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
    const blocked: string[] = [];
    const requested: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (ALLOWED_SCHEMES.some((scheme) => url.startsWith(scheme))) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => requested.push(request.url()));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    const started = performance.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-charts="done"]', { timeout: 60_000 });
    const drawMs = performance.now() - started;

    const states = await page.$$eval('.chart', (containers) =>
      containers.map((container) => ({
        name: container.getAttribute('data-chart'),
        state: container.getAttribute('data-state'),
        svgs: container.querySelectorAll('svg.marks').length,
        marks: container.querySelectorAll('svg g[class*="mark-"] path, svg g[class*="mark-"] line, svg g[class*="mark-"] rect').length,
      })),
    );
    expect(states.map((chart) => chart.name)).toEqual(charts.map((chart) => chart.name));
    for (const chart of states) {
      expect(chart, `chart ${chart.name}`).toMatchObject({ state: 'drawn', svgs: 1 });
      expect(chart.marks, `marks of chart ${chart.name}`).toBeGreaterThan(0);
    }
    // The bar chart has one bar per bearer with a loss (buyers' bar has zero width but is drawn).
    expect(await page.locator('#chart-1 svg g.mark-rect path').count()).toBe(data.manifest.bearers.length);

    // The hostile names are text: the title reads as written, and no script of theirs ran.
    expect(await page.locator('h1').textContent()).toBe(SCENARIO_NAME);
    expect(await page.title()).toBe(`${SCENARIO_NAME} — Faultline report`);
    expect(await page.locator('script').count()).toBe(charts.length + 4);
    expect(dialogs).toEqual([]);

    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(blocked).toEqual([]);
    expect(requested.filter((url) => !ALLOWED_SCHEMES.some((scheme) => url.startsWith(scheme)))).toEqual([]);

    const screenshot = join(folder, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
    console.info(`report.html drawn in ${Math.round(drawMs)} ms; screenshot: ${screenshot}`);
    await context.close();
  });

  it("draws every one of a real run's charts, strategies and the explained year included, without a warning", async () => {
    // The run data of scenarios/strategies.yaml (2,000 years), charted as `faultline run` charts it.
    const data = loadRunData();
    const files = await reportFiles(data, { render: false });
    const folder = mkdtempSync(join(tmpdir(), 'faultline-report-'));
    const file = join(folder, 'report.html');
    writeFileSync(file, files.get('report.html')!);

    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
    await context.route('**/*', (route) => (ALLOWED_SCHEMES.some((scheme) => route.request().url().startsWith(scheme)) ? route.continue() : route.abort('blockedbyclient')));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-charts="done"]', { timeout: 60_000 });
    const states = await page.$$eval('.chart', (containers) =>
      containers.map((container) => ({
        name: container.getAttribute('data-chart'),
        state: container.getAttribute('data-state'),
        marks: container.querySelectorAll('svg g[class*="mark-"] path, svg g[class*="mark-"] line, svg g[class*="mark-"] rect').length,
      })),
    );
    expect(states.map((chart) => chart.name)).toEqual(['loss-distribution', 'exceedance', 'allocation', 'insurance', 'comparison', 'timeline']);
    for (const chart of states) {
      expect(chart.state, `chart ${chart.name}`).toBe('drawn');
      expect(chart.marks, `marks of chart ${chart.name}`).toBeGreaterThan(0);
    }
    // A hover on a point of the timeline (an incident, then a step of a party's line) shows its time as a UTC date.
    const marks = page.locator('[data-chart="timeline"] svg g.mark-symbol.role-mark');
    expect(await marks.count()).toBe(2);
    for (const point of [marks.nth(0).locator('path').first(), marks.nth(1).locator('path').nth(1)]) {
      // Points can overlap (every line starts at 0 on 1 January): the one on top answers the hover.
      await point.hover({ force: true });
      const tooltip = page.locator('#vg-tooltip-element');
      await tooltip.waitFor({ state: 'visible' });
      const text = (await tooltip.textContent()) ?? '';
      expect(text).toMatch(/time \(UTC\)\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
      expect(text).not.toMatch(/\d{13}/);
      await page.mouse.move(0, 0);
    }

    expect(problems).toEqual([]);
    const screenshot = join(folder, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.info(`a run's report.html: screenshot ${screenshot}`);
    await context.close();
  });
});
