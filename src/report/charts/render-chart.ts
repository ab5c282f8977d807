import { existsSync } from 'node:fs';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from './vega-lite-spec.ts';

/** Where Debian and Ubuntu install DejaVu Sans (package fonts-dejavu-core). */
const DEJAVU_FOLDER = '/usr/share/fonts/truetype/dejavu';
const DEJAVU_SANS = 'DejaVu Sans';

/**
 * Renders a Vega-Lite spec as SVG text, headless: compile to Vega, parse, and let a view with no
 * renderer write the scenegraph as SVG.
 *
 * Vega has no canvas in Node, so it estimates text widths (0.8 em a character, on the generous
 * side) instead of measuring them; labels and legends get a little more room than a browser
 * gives them, never less.
 *
 * Fonts: the specs keep Vega's default font, `sans-serif`, so report.html uses each browser's
 * own sans-serif; no `config.font` is set. The rasteriser below maps that generic family to DejaVu
 * Sans, whose widths the estimate above covers.
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const compiled = compile(spec as unknown as TopLevelSpec);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterises SVG text to PNG bytes with resvg, on white, `scale` times the SVG's size (2: sharp
 * on high-density screens and in documents).
 *
 * resvg maps no generic family by itself: without a default, `sans-serif` text falls back to a
 * serif face or is not drawn at all. Text is set in DejaVu Sans from its folder (system fonts are
 * not scanned, which keeps the output the same on every machine that has it); where the folder
 * is missing, the system fonts are loaded and resvg picks from them.
 */
export function renderPng(svg: string, scale = 2): Uint8Array {
  const font: ResvgRenderOptions['font'] = existsSync(DEJAVU_FOLDER)
    ? { loadSystemFonts: false, fontDirs: [DEJAVU_FOLDER], defaultFontFamily: DEJAVU_SANS, sansSerifFamily: DEJAVU_SANS }
    : { loadSystemFonts: true };
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font });
  return resvg.render().asPng();
}
