import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { runCharts } from '../../../src/report/charts/run-charts.ts';
import type { VegaLiteSpec } from '../../../src/report/charts/vega-lite-spec.ts';
import type { RunData } from '../../../src/report/run-data.ts';
import { loadRunData } from './run-data-fixture.ts';

/**
 * The text the charts put in front of a reader, as Vega draws it headless: the tooltips of the
 * drawn marks (what a hover shows).
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

describe('timeline tooltips', () => {
  const data = loadRunData();
  const explanation = data.explanation!;

  it('show each point\'s time as a UTC date and time, not epoch milliseconds', async () => {
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
