import { describe, expect, it } from 'vitest';
import { renderPng, renderSvg } from '../../../src/report/charts/render-chart.ts';
import { runCharts } from '../../../src/report/charts/run-charts.ts';
import { loadRunData } from './run-data-fixture.ts';

const charts = runCharts(loadRunData());
/** The data marks each chart must draw, by Vega mark class (ticks and bars are both `rect`). */
const MARKS: Record<string, string[]> = {
  'loss-distribution': ['mark-rect', 'mark-rule'],
  exceedance: ['mark-line', 'mark-symbol'],
  allocation: ['mark-rect'],
  insurance: ['mark-rect', 'mark-rule', 'mark-symbol', 'mark-text'],
  comparison: ['mark-rect', 'mark-rule'],
  timeline: ['mark-symbol', 'mark-line'],
};
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe.each(charts.map((chart) => [chart.name, chart.spec] as const))('rendering %s', (name, spec) => {
  it('renders an SVG with its data marks, and a PNG of it', async () => {
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const mark of MARKS[name] ?? []) expect(svg, mark).toMatch(new RegExp(`class="${mark} role-mark`));
    expect(svg.match(/role="graphics-symbol"/g)?.length ?? 0).toBeGreaterThan(5);
    expect(svg).toContain('USD');

    const png = renderPng(svg);
    expect([...png.subarray(0, 8)]).toEqual(PNG_MAGIC);
    // IHDR: width and height at bytes 16–23, twice the SVG's at the default scale.
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    const svgWidth = Number(/^<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]);
    expect(view.getUint32(16)).toBe(Math.ceil(svgWidth * 2));
    expect(png.byteLength).toBeGreaterThan(20_000);
    expect(png.byteLength).toBeLessThan(5_000_000);
  });
});

describe('renderSvg and renderPng', () => {
  it('escape scenario text: markup in a name is drawn as text, not parsed', async () => {
    const data = loadRunData();
    data.manifest.scenario.name = '<tspan>x</tspan> & <script>';
    const svg = await renderSvg(runCharts(data)[0]!.spec);
    expect(svg).toContain('&lt;tspan&gt;x&lt;/tspan&gt; &amp; &lt;script&gt;');
    expect(svg).not.toContain('<script>');
  });

  it('scales the PNG by the factor asked', async () => {
    const svg = await renderSvg(charts.find((chart) => chart.name === 'allocation')!.spec);
    const width = (png: Uint8Array) => new DataView(png.buffer, png.byteOffset, png.byteLength).getUint32(16);
    expect(width(renderPng(svg, 1)) * 2).toBeCloseTo(width(renderPng(svg, 2)), -1);
  });
});
