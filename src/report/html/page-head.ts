import { html, type SafeHtml } from './safe-html.ts';

/**
 * Nothing is fetched: no network, no frames, no plugins. Vega compiles its expressions with
 * `new Function` ('unsafe-eval'); vega-embed adds its own `<style>` element.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'";

/**
 * The start of a self-contained Faultline page, up to `<body>`: the document type, the character
 * set, the viewport, the content security policy (nothing fetched), the generator, the title and
 * the page's style sheet. The run report and the sweep report share it.
 */
export function pageHead(title: string, version: string, style: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="generator" content="Faultline ${version}">
<title>${title}</title>
<style>${style}</style>
</head>`;
}
