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
  for (const { name, spec } of charts) for (const [file, content] of await chartFiles(name, spec, options.render)) files.set(file, content);
  files.set(
    'report.html',
    reportPage(
      data,
      charts.map(({ name, spec }) => ({ name, spec, title: titleOf(spec, name) })),
    ),
  );
  return files;
}

/**
 * One chart's files: `charts/<name>.vl.json`, and rendered `charts/<name>.svg` and `.png` when
 * `render` is true (vega and resvg are loaded only then: --no-charts runs start faster).
 */
export async function chartFiles(name: string, spec: VegaLiteSpec, render: boolean): Promise<[string, string | Uint8Array][]> {
  const files: [string, string | Uint8Array][] = [[`charts/${name}.vl.json`, specText(spec)]];
  if (render) {
    const { renderPng, renderSvg } = await import('./charts/render-chart.ts');
    const svg = await renderSvg(spec);
    files.push([`charts/${name}.svg`, svg], [`charts/${name}.png`, renderPng(svg)]);
  }
  return files;
}

/** A chart's title as its spec gives it (`title` or `title.text`), else its name. */
function titleOf(spec: VegaLiteSpec, name: string): string {
  const title = spec.title as string | { text?: unknown } | undefined;
  if (typeof title === 'string') return title;
  if (title && typeof title.text === 'string') return title.text;
  return name;
}
