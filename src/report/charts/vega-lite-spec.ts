/** A Vega-Lite specification as written to `charts/<name>.vl.json` (data inline). */
export type VegaLiteSpec = Record<string, unknown>;

/** The Vega-Lite JSON Schema every spec names, so editors and validators know its version. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Renders a spec as the text of a `.vl.json` file. */
export function specText(spec: VegaLiteSpec): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}
