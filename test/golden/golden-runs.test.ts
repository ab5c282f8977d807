import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCi } from '../setup/provision-plan.ts';
import { compareHashes, describeChanges, hashFolder, readManifest, type FileHashes } from './golden-manifest.ts';
import { committedCopies, goldenRuns, listBundledScenarios, MANIFEST_FILE, runCopies, runGoldenRuns, type FinishedGoldenRun } from './golden-runs.ts';

/**
 * Golden runs: every bundled scenario at 2,000 trials and the seed of its file reproduces every
 * file of its report folder (CSVs, run.json without how it was executed, explain.json, chart
 * specs, SVGs, PNGs, report.html) with the SHA-256 recorded in test/golden/manifest.json, and the
 * default scenario's CSVs equal their readable copies in test/golden/marketplace/. A change that
 * moves any number fails here; if it is intended, run `npm run golden:update`, read the diff and
 * say why in the commit. This test only compares: it writes nothing under test/golden/.
 */

const UPDATE_HINT = 'if the change is intended, run `npm run golden:update` and review the diff';

/**
 * The PNGs set their text in DejaVu Sans from this folder (src/report/charts/render-chart.ts;
 * Debian's fonts-dejavu-core, which Chromium's fontconfig pulls in). Without it the rasteriser falls
 * back to the system's fonts, whose pixels are another machine's: the PNGs are then not compared.
 */
const DEJAVU_FOLDER = '/usr/share/fonts/truetype/dejavu';
const comparesPngs = existsSync(DEJAVU_FOLDER);

// Under CI the PNGs must be compared: a machine without DejaVu Sans fails there instead of skipping them.
if (isCi(process.env) && !comparesPngs) {
  it('has DejaVu Sans to compare the golden PNGs with (under CI)', () => {
    throw new Error(`${DEJAVU_FOLDER} is missing: install Debian's fonts-dejavu-core (Chromium's fontconfig brings it)`);
  });
}

const recorded = readManifest(MANIFEST_FILE);
const runs = goldenRuns();
let finished: FinishedGoldenRun[] = [];

beforeAll(async () => {
  finished = await runGoldenRuns(runs);
});

function finishedRun(scenario: string): FinishedGoldenRun {
  const run = finished.find((done) => done.scenario === scenario)!;
  expect(run.result.status, `faultline ${run.args.join(' ')}:\n${run.result.stderr}`).toBe(0);
  return run;
}

function withoutPngs(hashes: FileHashes): FileHashes {
  return Object.fromEntries(Object.entries(hashes).filter(([file]) => comparesPngs || !file.endsWith('.png')));
}

describe('golden runs', () => {
  it.each(runs.map((run) => run.scenario))(`%s reproduces the manifest${comparesPngs ? '' : ' (PNGs not compared: no DejaVu Sans)'}`, (scenario) => {
    const actual = withoutPngs(hashFolder(finishedRun(scenario).folder));
    const expected = withoutPngs(recorded[scenario] ?? {});
    expect(describeChanges(compareHashes(expected, actual), expected, actual), UPDATE_HINT).toEqual([]);
  });

  it.each(runs.filter((run) => run.copyFolder !== undefined).map((run) => run.scenario))('%s reproduces its readable copies', (scenario) => {
    const run = finishedRun(scenario);
    const { folder, files } = runCopies({ ...run, copyFolder: run.copyFolder! });
    const committed = committedCopies(folder);
    expect([...committed.keys()].sort(), `test/golden/${folder}/ holds other files than the run's CSVs: ${UPDATE_HINT}`).toEqual([...files.keys()].sort());
    for (const [file, bytes] of files) {
      expect(bytes.toString('utf8'), `test/golden/${folder}/${file}: ${UPDATE_HINT}`).toBe(committed.get(file)?.toString('utf8'));
    }
  });
});

describe('the golden manifest', () => {
  it('has a golden run of every bundled scenario, scenarios/*.yaml and scenarios/cases/*.yaml, and of nothing else', () => {
    expect(Object.keys(recorded).sort()).toEqual([...listBundledScenarios()].sort());
  });

  it('covers every kind of output: CSV, JSON, chart spec, SVG, PNG and HTML', () => {
    const files = new Set(Object.values(recorded).flatMap((hashes) => Object.keys(hashes)));
    const kinds = { csv: /\.csv$/, json: /(?<!\.vl)\.json$/, 'vl.json': /\.vl\.json$/, svg: /\.svg$/, png: /\.png$/, html: /\.html$/ };
    const missing = Object.entries(kinds).filter(([, pattern]) => ![...files].some((file) => pattern.test(file)));
    expect(missing.map(([kind]) => kind)).toEqual([]);
    for (const file of ['summary.csv', 'ep.csv', 'allocation.csv', 'insurance.csv', 'distribution.csv', 'convergence.csv', 'comparison.csv', 'elt.csv', 'explain.json', 'run.json', 'report.html']) {
      expect(files, file).toContain(file);
    }
  });

  it('has every chart of each run as its spec, SVG and PNG', () => {
    for (const [scenario, hashes] of Object.entries(recorded)) {
      const specs = Object.keys(hashes).filter((file) => file.endsWith('.vl.json'));
      expect(specs.length, scenario).toBeGreaterThan(0);
      for (const spec of specs) {
        for (const rendered of [spec.replace(/\.vl\.json$/, '.svg'), spec.replace(/\.vl\.json$/, '.png')]) expect(Object.keys(hashes), scenario).toContain(rendered);
      }
    }
  });
});
