import type { VegaLiteSpec } from '../charts/vega-lite-spec.ts';

/** HTML-escapes text for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ENTITIES[character]!);
}

/** A spec as the text of a `<script type="application/json">`: `<` and the JS line separators escaped, so it cannot end the element. */
export function specScriptText(spec: VegaLiteSpec): string {
  return JSON.stringify(spec)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML that is already safe: built by `html` or taken verbatim with `raw`. */
export class SafeHtml {
  constructor(readonly text: string) {}
}

export type HtmlValue = SafeHtml | string | number | undefined | false | readonly HtmlValue[];

/** A template tag that escapes every interpolated value unless it is already `SafeHtml`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  return new SafeHtml(strings.reduce((text, part, index) => text + (index > 0 ? render(values[index - 1]) : '') + part, ''));
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** Text inserted as it is: only for the bundles, the style sheet and spec JSON, never for data. */
export function raw(text: string): SafeHtml {
  return new SafeHtml(text);
}
