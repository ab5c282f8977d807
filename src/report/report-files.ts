import { runCharts } from './charts/run-charts.ts';
import { specText, type VegaLiteSpec } from './charts/vega-lite-spec.ts';
import { reportPage } from './html/report-page.ts';
import type { RunData } from './run-data.ts';

/** The files that present a run, by path inside its folder. */
export type ReportFiles = Map<string, string | Uint8Array>;

/**
 * The charts and the page of a finished run, built from its data alone (so `faultline report`
 * rebuilds exactly what `faultline run` wrote): `charts/<name>.vl.json` for each chart, rendered
 * to `charts/<name>.svg` and `.png` unless `render` is false, and `report.html`.
 */
export async function reportFiles(data: RunData, options: { render: boolean }): Promise<ReportFiles> {
  const files: ReportFiles = new Map();
  const charts = runCharts(data);
  // vega and resvg are loaded only when charts are rendered: --no-charts runs start faster.
  const renderer = options.render ? await import('./charts/render-chart.ts') : undefined;
  for (const { name, spec } of charts) {
    files.set(`charts/${name}.vl.json`, specText(spec));
    if (renderer) {
      const svg = await renderer.renderSvg(spec);
      files.set(`charts/${name}.svg`, svg);
      files.set(`charts/${name}.png`, renderer.renderPng(svg));
    }
  }
  files.set('report.html', reportPage(data, charts.map(({ name, spec }) => ({ name, spec, title: titleOf(spec, name) }))));
  return files;
}

/** A chart's title as its spec gives it (`title` or `title.text`), else its name. */
function titleOf(spec: VegaLiteSpec, name: string): string {
  const title = spec.title as string | { text?: unknown } | undefined;
  if (typeof title === 'string') return title;
  if (title && typeof title.text === 'string') return title.text;
  return name;
}
