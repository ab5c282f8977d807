import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { ALL_STRATEGIES } from '../../../src/report/charts/chart-basics.ts';
import { probabilityAxisEnd } from '../../../src/report/charts/insurance-chart.ts';
import { renderSvg } from '../../../src/report/charts/render-chart.ts';
import { runCharts } from '../../../src/report/charts/run-charts.ts';
import type { VegaLiteSpec } from '../../../src/report/charts/vega-lite-spec.ts';
import { loadRunData } from './run-data-fixture.ts';

/**
 * Where the charts put things, as Vega lays them out headless: legends clear of labels, marks
 * inside their panels, axes that spread the data, x labels under every panel, and the
 * `strategy` param (the page's selector) choosing the rows drawn.
 */

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
interface SceneItem {
  x?: number;
  y?: number;
  width?: number;
  bounds?: Box;
  tooltip?: unknown;
  items?: SceneMark[];
  fill?: string;
  text?: string;
}
interface SceneMark {
  marktype: string;
  role: string;
  name?: string;
  items: SceneItem[];
}
/** A drawn item, its bounds in the chart's coordinates, and the group (panel) it is drawn in. */
interface Placed {
  mark: SceneMark;
  item: SceneItem;
  box: Box;
  panel: { x: number; width: number };
}

const data = loadRunData();
const specOf = (name: string): VegaLiteSpec => runCharts(data).find((chart) => chart.name === name)!.spec;

async function withView<T>(spec: VegaLiteSpec, use: (view: vega.View) => Promise<T>, strategy?: string): Promise<T> {
  const view = new vega.View(vega.parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
  try {
    if (strategy !== undefined) view.signal('strategy', strategy);
    await view.runAsync();
    return await use(view);
  } finally {
    view.finalize();
  }
}

/** Every item of the scenegraph with its bounds moved into the chart's coordinates. */
function placedItems(view: vega.View): Placed[] {
  const placed: Placed[] = [];
  const visit = (mark: SceneMark, x: number, y: number, panel: { x: number; width: number }): void => {
    for (const item of mark.items) {
      if (item.bounds) placed.push({ mark, item, box: { x1: item.bounds.x1 + x, y1: item.bounds.y1 + y, x2: item.bounds.x2 + x, y2: item.bounds.y2 + y }, panel });
      if (mark.marktype === 'group') {
        const gx = x + (item.x ?? 0);
        const inner = mark.role === 'scope' || mark.role === 'cell' ? { x: gx, width: item.width ?? 0 } : panel;
        for (const child of item.items ?? []) visit(child, gx, y + (item.y ?? 0), inner);
      }
    }
  };
  const root = (view.scenegraph() as unknown as { root: SceneMark }).root;
  visit(root, 0, 0, { x: 0, width: Infinity });
  return placed;
}

const overlaps = (a: Box, b: Box): boolean => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

describe('insurance chart layout', () => {
  it('keeps its legends clear of the P(attach) and P(exhaust) labels and of every mark', async () => {
    await withView(specOf('insurance'), async (view) => {
      const items = placedItems(view);
      const legends = items.filter((placed) => placed.mark.role === 'legend');
      const marks = items.filter((placed) => placed.mark.role === 'mark' && placed.mark.marktype !== 'group');
      expect(legends.length).toBe(2);
      expect(marks.filter((placed) => placed.mark.marktype === 'text').length).toBeGreaterThan(0);
      for (const legend of legends) for (const mark of marks) expect(overlaps(legend.box, mark.box), `legend over a ${mark.mark.marktype}`).toBe(false);
    });
  });

  it('draws every point and label inside its panel, none past the right edge', async () => {
    await withView(specOf('insurance'), async (view) => {
      const drawn = placedItems(view).filter((placed) => placed.mark.role === 'mark' && ['symbol', 'text'].includes(placed.mark.marktype));
      expect(drawn.length).toBeGreaterThan(8);
      for (const { box, panel, mark } of drawn) expect(box.x2, `${mark.marktype} at ${box.x1}–${box.x2} in a panel ${panel.width} wide`).toBeLessThanOrEqual(panel.x + panel.width + 0.5);
    });
  });

  it('puts the amounts on a log axis, so that a 10M premium leaves the other rows readable', async () => {
    // The baseline's small-seller-cyber costs 10M a year; the other premiums are under 1.2M.
    expect(data.insurance.some((row) => row.strategy === 'baseline' && row.premium >= 10_000_000)).toBe(true);
    await withView(specOf('insurance'), async (view) => {
      const ticks = placedItems(view).filter(
        (placed) => placed.mark.role === 'mark' && placed.mark.marktype === 'rect' && (placed.item.tooltip as Record<string, unknown> | undefined)?.['premium (USD a year)'] !== undefined,
      );
      expect(ticks.length).toBe(data.insurance.filter((row) => row.strategy === 'baseline').length);
      const positions = ticks.map(({ box, panel }) => (box.x1 - panel.x) / panel.width);
      // On a linear axis from 0 the premiums under 1.2M would sit in the first eighth of it.
      expect(Math.min(...positions)).toBeGreaterThan(0.4);
    });
    expect(JSON.stringify(specOf('insurance'))).toContain('log scale');
  });

  it('ends the probability axis a little past the largest probability', () => {
    expect(probabilityAxisEnd(0.262)).toBe(0.3);
    expect(probabilityAxisEnd(0.05)).toBe(0.06);
    expect(probabilityAxisEnd(0.97)).toBe(1);
    expect(probabilityAxisEnd(0)).toBe(0.1);
  });
});

describe('allocation chart legend', () => {
  it('agrees with its caption: lighter recoveries, and black kept for the net-total tick', async () => {
    const svg = await renderSvg(specOf('allocation'));
    const symbols = [...svg.matchAll(/<g class="mark-symbol role-legend-symbol"[^>]*>((?:<path[^>]*>(?:<\/path>)?)+)/g)].flatMap((match) =>
      [...match[1]!.matchAll(/fill="([^"]+)"/g)].map((fill) => fill[1]),
    );
    expect(symbols.length).toBeGreaterThanOrEqual(2);
    expect(symbols.filter((fill) => fill === '#000' || fill === 'black')).toEqual([]);
    expect(svg).toContain('insurance recovery (lighter)');
    expect(JSON.stringify(specOf('allocation').title)).toContain('lighter segments');
  });
});

describe('small multiples', () => {
  it.each(['exceedance', 'loss-distribution'])('%s labels the x axis under every panel, not only on the bottom row', async (name) => {
    const svg = await renderSvg(specOf(name));
    // A panel for each party with rows of the baseline (the strategy the rendered file draws).
    const values = (specOf(name).data as { values: { strategy: string; bearer: string }[] }).values;
    const panels = new Set(values.filter((row) => row.strategy === 'baseline').map((row) => row.bearer)).size;
    expect(panels).toBeGreaterThan(3);
    expect([...svg.matchAll(/aria-label="X-axis/g)].length).toBe(panels);
  });
});

describe('the strategy param', () => {
  const strategies = data.manifest.strategies;
  /** The strategies named by the tooltips of the drawn marks. */
  const drawnStrategies = (view: vega.View): Set<unknown> =>
    new Set(
      placedItems(view)
        .map((placed) => (placed.item.tooltip as Record<string, unknown> | undefined)?.strategy)
        .filter((name) => name !== undefined),
    );

  it.each(['loss-distribution', 'exceedance', 'allocation', 'insurance'])('%s draws the chosen strategy only, the baseline first', async (name) => {
    expect(strategies.length).toBeGreaterThan(2);
    expect(await withView(specOf(name), async (view) => drawnStrategies(view))).toEqual(new Set(['baseline']));
    for (const strategy of strategies.slice(1).filter((candidate) => name !== 'insurance' || data.insurance.some((row) => row.strategy === candidate))) {
      expect(await withView(specOf(name), async (view) => drawnStrategies(view), strategy), strategy).toEqual(new Set([strategy]));
    }
  });

  it.each(['loss-distribution', 'exceedance'])('%s overlays every strategy when all are chosen', async (name) => {
    const drawn = await withView(specOf(name), async (view) => drawnStrategies(view), ALL_STRATEGIES);
    expect(drawn).toEqual(new Set(strategies));
  });

  it('names the strategy drawn in the title', async () => {
    const titles = async (strategy?: string) =>
      withView(
        specOf('exceedance'),
        async (view) =>
          placedItems(view)
            .filter((placed) => placed.mark.role === 'title-text')
            .map((placed) => placed.item.text),
        strategy,
      );
    expect((await titles()).join()).toContain('strategy baseline');
    expect((await titles('more-cyber')).join()).toContain('strategy more-cyber');
    expect((await titles(ALL_STRATEGIES)).join()).toContain('all strategies overlaid');
  });
});

describe('strategy names in chart expressions', () => {
  it('are quoted as data: a name with quotes and a backslash filters and titles as written', async () => {
    const name = `more "cyber" it's \\ <b>`;
    const renamed = loadRunData();
    renamed.manifest.strategies = renamed.manifest.strategies.map((strategy) => (strategy === 'more-cyber' ? name : strategy));
    for (const row of renamed.exceedance) if (row.strategy === 'more-cyber') row.strategy = name;
    const spec = runCharts(renamed).find((chart) => chart.name === 'exceedance')!.spec;
    const drawn = await withView(
      spec,
      async (view) => {
        const items = placedItems(view);
        return {
          strategies: new Set(items.map((placed) => (placed.item.tooltip as Record<string, unknown> | undefined)?.strategy).filter((value) => value !== undefined)),
          title: items
            .filter((placed) => placed.mark.role === 'title-text')
            .map((placed) => placed.item.text)
            .join(),
        };
      },
      name,
    );
    expect(drawn.strategies).toEqual(new Set([name]));
    expect(drawn.title).toContain(`strategy ${name}`);
  });
});
