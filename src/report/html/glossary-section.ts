import { GLOSSARY, glossaryEntry } from '../glossary.ts';
import { html, raw, type SafeHtml } from './safe-html.ts';

/** The anchor of a glossary term on the page: `glossary-tvar-99`. */
export function glossaryAnchor(id: string): string {
  return `glossary-${id}`;
}

/**
 * A link from a term's use to its glossary entry: `<a class="term" href="#glossary-tvar-99">TVaR 99</a>`.
 * The page keeps only each term's first link (`firstTermLinks`); later uses read as plain text.
 *
 * @param id a glossary id (a wrong one is a programming error and throws)
 * @param text the words as the page uses them (default: the term)
 */
export function termLink(id: string, text?: string): SafeHtml {
  const entry = glossaryEntry(id);
  if (!entry) throw new Error(`internal error: no glossary term ${JSON.stringify(id)}`);
  return html`<a class="term" href="#${glossaryAnchor(id)}" title="${entry.definition}">${text ?? entry.term}</a>`;
}

/** Matches one term link as `termLink` writes it: its anchor id and its text. */
const TERM_LINK = /<a class="term" href="#glossary-([a-z0-9-]+)" title="[^"]*">([^<]*)<\/a>/g;

/**
 * Keeps the first link to each glossary term in the page and turns later ones back into their
 * text, so a term is linked where a reader first meets it and nowhere else.
 */
export function firstTermLinks(page: string): string {
  const seen = new Set<string>();
  return page.replace(TERM_LINK, (link, id: string, text: string) => {
    if (seen.has(id)) return text;
    seen.add(id);
    return link;
  });
}

/** The Glossary section: every term, its other spellings and its definition, each with its anchor. */
export function glossarySection(): SafeHtml {
  return html`<section id="glossary" aria-labelledby="glossary-heading">
<h2 id="glossary-heading">Glossary</h2>
<dl class="glossary">
${GLOSSARY.map(
  (
    entry,
  ) => html`<div id="${glossaryAnchor(entry.id)}"><dt>${entry.term}${entry.aliases && entry.aliases.length > 0 ? html` <span class="note">(also ${entry.aliases.join(', ')})</span>` : ''}</dt><dd>${entry.definition}</dd></div>
`,
)}</dl>
</section>`;
}

/** The style of term links and of the glossary. */
export const GLOSSARY_STYLE = raw(`
a.term { color: inherit; text-decoration: underline dotted; text-underline-offset: .2em; }
.glossary { display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); gap: .75rem 2rem; }
.glossary dt { font-weight: 600; }
.glossary dd { margin: .1rem 0 0; }
.glossary div:target { outline: 3px solid var(--focus); outline-offset: 4px; }
`);
