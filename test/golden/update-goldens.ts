/**
 * `npm run golden:update`: runs the golden runs, rewrites test/golden/manifest.json and the golden
 * copies (the default scenario's CSVs, the chart specs, the explained year), and prints what
 * changed, per scenario and per folder of copies, so that a change to numbers is a reviewed diff.
 * Nothing is written when a run fails.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareHashes, formatManifest, hashFiles, readManifest, type FileChange } from './golden-manifest.ts';
import { chartSpecCopies, committedCopies, explainCopies, GOLDEN_FOLDER, manifestOf, MANIFEST_FILE, runCopies, runGoldenRuns, type GoldenCopies } from './golden-runs.ts';

function printChanges(label: string, changes: readonly FileChange[]): void {
  if (changes.length === 0) return;
  console.log(`${label}:`);
  for (const { file, change } of changes) console.log(`  ${change.padEnd(7)} ${file}`);
}

const started = Date.now();
const runs = await runGoldenRuns();
const failed = runs.filter((run) => run.result.status !== 0);
if (failed.length > 0) {
  for (const run of failed) console.error(`faultline ${run.args.join(' ')} exited ${run.result.status}:\n${run.result.stderr}`);
  console.error('No golden file was written.');
  process.exit(1);
}

const recorded = readManifest(MANIFEST_FILE);
const manifest = manifestOf(runs);
const copies: GoldenCopies[] = [...runs.flatMap((run) => (run.copyFolder === undefined ? [] : [runCopies({ ...run, copyFolder: run.copyFolder })])), chartSpecCopies(), await explainCopies()];

let changed = 0;
for (const scenario of [...new Set([...Object.keys(recorded), ...Object.keys(manifest)])].sort()) {
  const changes = compareHashes(recorded[scenario] ?? {}, manifest[scenario] ?? {});
  printChanges(scenario, changes);
  changed += changes.length;
}
writeFileSync(MANIFEST_FILE, formatManifest(manifest));

for (const { folder, files } of copies) {
  const committed = committedCopies(folder);
  const changes = compareHashes(hashFiles(committed), hashFiles(files));
  printChanges(`test/golden/${folder}/`, changes);
  changed += changes.length;
  for (const { file, change } of changes) {
    const path = join(GOLDEN_FOLDER, folder, file);
    if (change === 'removed') rmSync(path);
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, files.get(file)!);
    }
  }
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  changed === 0 ? `Goldens unchanged (${runs.length} runs, ${seconds} s).` : `${changed} golden files changed (${runs.length} runs, ${seconds} s): review the diff and say why in the commit.`,
);
