import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../../src/report/charts/render-chart.ts';
import { runCharts } from '../../../src/report/charts/run-charts.ts';
import type { VegaLiteSpec } from '../../../src/report/charts/vega-lite-spec.ts';
import type { RunData } from '../../../src/report/run-data.ts';
import { loadRunData } from './run-data-fixture.ts';

/**
 * The text the charts put in front of a reader, as Vega draws it headless: the tooltips of the
 * drawn marks (what a hover shows) and the tick labels of the rendered SVG.
 */

type Tooltip = Record<string, unknown>;
interface SceneNode {
  tooltip?: unknown;
  items?: SceneNode[];
}

const specOf = (data: RunData, name: string): VegaLiteSpec => runCharts(data).find((chart) => chart.name === name)!.spec;

/** The tooltip of every drawn mark item: Vega evaluates the tooltip encoding into each scene item, and a hover shows that object. */
async function renderedTooltips(spec: VegaLiteSpec): Promise<Tooltip[]> {
  const view = new vega.View(vega.parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
  try {
    await view.runAsync();
    const tooltips: Tooltip[] = [];
    const visit = (node: SceneNode): void => {
      if (node.tooltip !== undefined && node.tooltip !== null) tooltips.push(node.tooltip as Tooltip);
      for (const item of node.items ?? []) visit(item);
    };
    visit((view.scenegraph() as unknown as { root: SceneNode }).root);
    return tooltips;
  } finally {
    view.finalize();
  }
}

/**
 * The x-axis tick labels of each panel of a rendered faceted SVG, by panel header, hidden ones
 * (dropped for overlap, drawn with opacity 0) left out. Vega writes a panel's axes, then its header.
 */
function xTickLabelsByPanel(svg: string): Map<string, string[]> {
  const panels = new Map<string, string[]>();
  let pending: string[] | undefined;
  let inXAxis = false;
  for (const match of svg.matchAll(/aria-label="([XY])-axis|<g class="mark-text role-(axis-label|title-text)"[^>]*>(.*?)<\/g>/gs)) {
    if (match[1] !== undefined) inXAxis = match[1] === 'X';
    else if (match[2] === 'axis-label' && inXAxis) {
      pending = [...match[3]!.matchAll(/<text[^>]*opacity="1"[^>]*>([^<]*)<\/text>/g)].map((text) => text[1]!);
      inXAxis = false;
    } else if (match[2] === 'title-text' && pending !== undefined) {
      panels.set(/<text[^>]*>([^<]*)<\/text>/.exec(match[3]!)![1]!, pending);
      pending = undefined;
    }
  }
  return panels;
}

/** How the money axes label a power of ten. */
const DECADE_LABELS: Record<number, string> = {
  [-2]: '0.01',
  [-1]: '0.1',
  0: '1',
  1: '10',
  2: '100',
  3: '1k',
  4: '10k',
  5: '100k',
  6: '1M',
  7: '10M',
  8: '100M',
  9: '1B',
  10: '10B',
};

/** The decades a bearer's panel should span: from its smallest positive amount drawn (a bin's low, the mean, the 99th percentile) to its largest, rounded out. */
function panelDecades(data: RunData, bearer: string): [number, number] {
  const bins = data.distribution.filter((row) => row.strategy === 'baseline' && row.bearer === bearer && row.low > 0 && row.years > 0);
  const summary = data.summary.find((row) => row.strategy === 'baseline' && row.bearer === bearer)!;
  const amounts = [...bins.flatMap((bin) => [bin.low, bin.high]), summary.mean, summary.p99].filter((amount) => amount > 0);
  return [Math.floor(Math.log10(Math.min(...amounts)) + 1e-9), Math.ceil(Math.log10(Math.max(...amounts)) - 1e-9)];
}

describe('timeline tooltips', () => {
  const data = loadRunData();
  const explanation = data.explanation!;

  it("show each point's time as a UTC date and time, not epoch milliseconds", async () => {
    const tooltips = (await renderedTooltips(specOf(data, 'timeline'))).filter((tooltip) => 'time (UTC)' in tooltip);
    const incidents = tooltips.filter((tooltip) => '#' in tooltip);
    const lines = tooltips.filter((tooltip) => 'party' in tooltip);
    expect(incidents).toHaveLength(explanation.incidents.length);
    expect(lines.length).toBeGreaterThan(explanation.incidents.length);
    for (const tooltip of tooltips) expect(tooltip['time (UTC)']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);

    const first = explanation.incidents.find((incident) => incident.number === incidents[0]!['#'])!;
    expect(first.time).toBe('2027-02-06T07:50:15Z');
    expect(incidents[0]!['time (UTC)']).toBe('2027-02-06 07:50 UTC');
    expect(lines.filter((tooltip) => tooltip.incident === 'start of year').every((tooltip) => tooltip['time (UTC)'] === '2027-01-01 00:00 UTC')).toBe(true);
    expect(lines.filter((tooltip) => tooltip.incident === 'end of year').every((tooltip) => tooltip['time (UTC)'] === '2028-01-01 00:00 UTC')).toBe(true);
  });
});

describe('loss-distribution axis labels', () => {
  it('start each panel at the decade of its smallest amount, with money labels', async () => {
    const data = loadRunData();
    const panels = xTickLabelsByPanel(await renderSvg(specOf(data, 'loss-distribution')));
    expect(panels.size).toBeGreaterThan(5);
    for (const [bearer, labels] of panels) {
      // A panel of a party that loses only under another strategy is empty for the baseline.
      if (!data.distribution.some((row) => row.strategy === 'baseline' && row.bearer === bearer && row.low > 0 && row.years > 0)) continue;
      const [low, high] = panelDecades(data, bearer);
      expect(labels[0], bearer).toBe(DECADE_LABELS[low]);
      // Labels that would overlap are dropped (the last one, or every other one); those drawn are decades inside the panel's, in order.
      const drawn = labels.map((label) => Number(Object.entries(DECADE_LABELS).find(([, text]) => text === label)?.[0]));
      expect(drawn, bearer).toEqual([...drawn].sort((a, b) => a - b));
      expect(
        drawn.every((decade) => decade >= low && decade <= high),
        `${bearer}: ${labels.join(' ')}`,
      ).toBe(true);
      expect(high - drawn.at(-1)!, bearer).toBeLessThanOrEqual(1);
    }
  });

  it('label amounts under 1 as decimals, never with SI milli ("10m"), and billions as B', async () => {
    const data = loadRunData();
    // A platform year that lost 6 cents and one that lost 1.7 billion, as a large run can have.
    data.distribution.push(
      { strategy: 'baseline', bearer: 'platform', low: 0.0631, high: 0.0794, years: 1 },
      { strategy: 'baseline', bearer: 'platform', low: 1584893192.46, high: 1995262314.97, years: 1 },
    );
    const svg = await renderSvg(specOf(data, 'loss-distribution'));
    const panels = xTickLabelsByPanel(svg);
    expect(panels.get('platform')?.[0]).toBe('0.01');
    expect(panels.get('platform')).toEqual(expect.arrayContaining(['0.01', '1', '1k', '1M', '1B']));
    expect(svg).not.toMatch(/>\d+m<\/text>/);
    // The other panels keep their own decades.
    expect(panels.get('sellers:small')?.[0]).toBe(DECADE_LABELS[panelDecades(data, 'sellers:small')[0]]);
  });
});
