import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The documents a clone needs to check the scenarios: every `§N "row"` a scenario cites is a row
 * of scenarios/CALIBRATION.md under section N, every `MODEL §N` names a section of
 * scenarios/MODEL.md, the links into either document land on a heading, and nothing refers to
 * documents outside the repository.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** Every file under `dir` (relative to the repository), skipping what is not part of it. */
function filesUnder(dir: string): string[] {
  const skipped = new Set(['node_modules', '.git', 'reports']);
  const found: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!skipped.has(entry.name)) found.push(...filesUnder(path));
    } else if (entry.isFile()) {
      found.push(path);
    }
  }
  return found;
}

/** The calibration rows by section: a table row's first cell in double quotes, under `## N.` or `### Na.`. */
function calibrationRows(text: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  let section: string | undefined;
  for (const line of text.split('\n')) {
    const heading = /^#{2,3} (\d+[a-z]?)\. /.exec(line);
    if (heading) section = heading[1]!;
    else if (/^## /.test(line)) section = undefined;
    const row = /^\| "([^"]+)" \|/.exec(line);
    if (row && section !== undefined) rows.set(section, [...(rows.get(section) ?? []), row[1]!]);
  }
  return rows;
}

/** A citation resolves to a row of its section (or a lettered part of it) of the same name, or a name it shortens to its leading words. */
function resolves(rows: Map<string, string[]>, section: string, name: string): boolean {
  for (const [rowSection, names] of rows) {
    const inSection = rowSection === section || (/^\d+$/.test(section) && new RegExp(`^${section}[a-z]$`).test(rowSection));
    if (!inSection) continue;
    if (names.some((row) => row === name || (row.startsWith(name) && /^[\s,:(]/.test(row.slice(name.length))))) return true;
  }
  return false;
}

interface Citation {
  file: string;
  section: string;
  name: string;
}

/** `§N "name"` in YAML comments, a name wrapped onto the next comment line joined back (after a hyphen, without a space); MODEL citations left out. */
function yamlCitations(file: string): Citation[] {
  const text = read(file)
    .replace(/-\n[ \t]*#[ \t]*/g, '-')
    .replace(/\n[ \t]*#[ \t]*/g, ' ');
  return [...text.matchAll(/(?<!MODEL(?:\.md)? )§(\d+[a-z]?) "([^"]+)"/g)].map((m) => ({ file, section: m[1]!, name: m[2]! }));
}

/** `CALIBRATION §N "name"` (or `CALIBRATION.md §N`, or `[CALIBRATION §N](…) "name"`) in Markdown, wrapped lines joined back. */
function markdownCitations(file: string): Citation[] {
  const text = read(file).replace(/-\n/g, '-').replace(/\n/g, ' ');
  return [...text.matchAll(/CALIBRATION(?:\.md)? §(\d+[a-z]?)(?:\]\([^)]*\))? "([^"]+)"/g)].map((m) => ({ file, section: m[1]!, name: m[2]! }));
}

/** The section numbers of scenarios/MODEL.md (`## N. Title`). */
function modelSections(): Set<string> {
  return new Set([...read('scenarios/MODEL.md').matchAll(/^## (\d+)\. /gm)].map((m) => m[1]!));
}

/** Every section number a `MODEL §N` or `MODEL.md §N` cites, lists such as `MODEL §7, §13` included. */
function modelCitations(file: string): string[] {
  const cited: string[] = [];
  for (const m of read(file).matchAll(/MODEL(?:\.md)? §(\d+)((?:(?:, |\/| and |–)§\d+)*)/g)) {
    cited.push(m[1]!, ...[...m[2]!.matchAll(/§(\d+)/g)].map((n) => n[1]!));
  }
  return cited;
}

/** GitHub's anchors of a Markdown file's headings (outside code fences), duplicates numbered. */
function anchorsOf(path: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6} (.+)$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

const scenarioFiles = filesUnder('scenarios').filter((file) => /\.ya?ml$/.test(file));
const modelCitingFiles = ['README.md', 'scenarios/README.md', ...filesUnder('src').filter((file) => file.endsWith('.ts')), ...scenarioFiles];
const linkedDocuments = ['README.md', 'scenarios/README.md', 'scenarios/MODEL.md', 'scenarios/CALIBRATION.md'];

describe('the calibration citations of the scenarios', () => {
  const rows = calibrationRows(read('scenarios/CALIBRATION.md'));
  const citations = [...scenarioFiles.flatMap(yamlCitations), ...markdownCitations('scenarios/README.md')];

  it('finds the citations and the rows to check', () => {
    expect(scenarioFiles.length).toBeGreaterThanOrEqual(10);
    expect(citations.length).toBeGreaterThan(100);
    expect([...rows.keys()]).toEqual(['1a', '1b', '1c', '2', '3', '4', '5', '6']);
  });

  it('resolves every cited row in its section of scenarios/CALIBRATION.md', () => {
    const unresolved = citations.filter((c) => !resolves(rows, c.section, c.name)).map((c) => `${c.file}: §${c.section} "${c.name}"`);
    expect(unresolved).toEqual([]);
  });

  it('does not resolve a row under another section, or a name that only starts a word', () => {
    expect(resolves(rows, '5', 'Liability cap')).toBe(true);
    expect(resolves(rows, '1', 'Lognormal fit, records exposed')).toBe(true);
    expect(resolves(rows, '4', 'Liability cap')).toBe(false);
    expect(resolves(rows, '5', 'Liability ca')).toBe(false);
  });
});

describe('the model citations', () => {
  const sections = modelSections();

  it('numbers scenarios/MODEL.md §1 to §13', () => {
    expect([...sections]).toEqual(Array.from({ length: 13 }, (_, i) => String(i + 1)));
  });

  it('cites only sections MODEL.md has', () => {
    const cited = modelCitingFiles.flatMap((file) => modelCitations(file).map((section) => ({ file, section })));
    expect(cited.length).toBeGreaterThan(50);
    expect(cited.filter((c) => !sections.has(c.section)).map((c) => `${c.file}: MODEL §${c.section}`)).toEqual([]);
  });
});

describe('the links between the documents', () => {
  it('lands every link to a Markdown heading on a heading that exists', () => {
    const broken: string[] = [];
    for (const file of linkedDocuments) {
      for (const m of read(file).matchAll(/\]\(([^)#\s]*\.md)?#([^)\s]+)\)/g)) {
        const target = m[1] === undefined ? join(ROOT, file) : resolve(join(ROOT, dirname(file)), m[1]);
        if (statSync(target, { throwIfNoEntry: false }) === undefined) broken.push(`${file}: ${m[0]} (no file)`);
        else if (!anchorsOf(target).has(m[2]!)) broken.push(`${file}: ${m[0]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('lands a link named `MODEL §N` or `CALIBRATION §N` on section N', () => {
    const misplaced: string[] = [];
    for (const file of linkedDocuments) {
      for (const m of read(file).matchAll(/\[(?:MODEL|CALIBRATION) §(\d+[a-z]?)\]\([^)#]*#([^)]+)\)/g)) {
        if (!m[2]!.startsWith(`${m[1]}-`)) misplaced.push(`${file}: ${m[0]}`);
      }
    }
    expect(misplaced).toEqual([]);
  });
});

describe('references outside the repository', () => {
  // Spelled in parts, so that this file does not match itself.
  const outside = ['..', 'shared', ''].join('/');
  const oldModel = ['DOMAIN', '§'].join(' ');

  it(`has no file that points to ${outside} or cites ${oldModel}`, () => {
    const offending = filesUnder('')
      .filter((file) => !/\.(png|gz|f64|bin)$/.test(file))
      .filter((file) => {
        const text = read(file);
        return text.includes(outside) || text.includes(oldModel);
      })
      .map((file) => relative(ROOT, join(ROOT, file)));
    expect(offending).toEqual([]);
  });
});
