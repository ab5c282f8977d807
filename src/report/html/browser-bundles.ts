import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SimulationError } from '../../errors.ts';

/** The minified browser builds of Vega, Vega-Lite and vega-embed, ready to inline in `<script>` tags. */
export interface BrowserBundles {
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
}

/**
 * Each package's browser build, found beside the file its `main` (or `require` export) names:
 * vega-embed's `exports` hide its package.json and build files from `require.resolve`, but not
 * its entry point, which lives in the same `build/` folder.
 */
const BUNDLE_FILES: Record<keyof BrowserBundles, { package: string; file: string }> = {
  vega: { package: 'vega', file: 'vega.min.js' },
  vegaLite: { package: 'vega-lite', file: 'vega-lite.min.js' },
  vegaEmbed: { package: 'vega-embed', file: 'vega-embed.min.js' },
};

let cached: BrowserBundles | undefined;

/** Reads the three browser bundles once and keeps them for every later report. */
export function browserBundles(): BrowserBundles {
  cached ??= readBundles();
  return cached;
}

function readBundles(): BrowserBundles {
  const require = createRequire(import.meta.url);
  const read = (key: keyof BrowserBundles): string => {
    const { package: name, file } = BUNDLE_FILES[key];
    const path = join(dirname(require.resolve(name)), file);
    return inlineableScript(readFileSync(path, 'utf8'), path);
  };
  return { vega: read('vega'), vegaLite: read('vegaLite'), vegaEmbed: read('vegaEmbed') };
}

/**
 * Prepares script text for an inline `<script>` element: drops `//# sourceMappingURL=` lines (the
 * map files are not shipped with the report) and throws if the text contains `</script` or `<!--`,
 * which would end the element early or change how the HTML parser reads it.
 */
export function inlineableScript(text: string, source: string): string {
  const script = text.replace(/^\/\/[#@] sourceMappingURL=.*$/gm, '').trimEnd();
  if (/<\/script/i.test(script) || script.includes('<!--')) {
    throw new SimulationError(`${source} contains "</script" or "<!--" and cannot be inlined in report.html`);
  }
  return script;
}
