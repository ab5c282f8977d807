import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXECUTION_FIELDS } from '../../src/report/run-manifest.ts';
import { makeTempFolder } from '../helpers/run-cli.ts';
import { compareHashes, describeChanges, formatManifest, hashFolder, hashGoldenFile, normaliseRunJson, readManifest } from './golden-manifest.ts';
import { MANIFEST_FILE } from './golden-runs.ts';

/** The mechanism of the golden runs: hashing a report folder, finding what changed, writing the manifest. */

const root = makeTempFolder('faultline-golden-manifest');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const RUN_JSON = {
  faultline_version: '0.1.0',
  scenario: { name: 'tiny', file: 'scenarios/tiny.yaml' },
  seed: 7,
  trials: 100,
  execution: { mode: 'threads' },
  workers: 2,
  chunk_size: null,
  node_version: 'v20.20.2',
  started_at: '2027-01-01T00:00:00.000Z',
  timings_ms: { load: 1, simulate: 2, statistics: 3, total: 6 },
  trials_per_second: 50,
  peak_rss_mib: 100,
};

/** A small report folder: a CSV, a chart pair and a run.json. */
function writeReportFolder(name: string): string {
  const folder = join(root, name);
  mkdirSync(join(folder, 'charts'), { recursive: true });
  writeFileSync(join(folder, 'summary.csv'), 'strategy,bearer,mean\r\nbaseline,platform,1234.56\r\n');
  writeFileSync(join(folder, 'charts/exceedance.vl.json'), '{"mark":"line"}\n');
  writeFileSync(join(folder, 'charts/exceedance.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
  writeFileSync(join(folder, 'run.json'), `${JSON.stringify(RUN_JSON, null, 2)}\n`);
  return folder;
}

describe('hashFolder and compareHashes', () => {
  it('hashes every file of a folder by its relative path, with / separators, in sorted order', () => {
    const hashes = hashFolder(writeReportFolder('listed'));
    expect(Object.keys(hashes)).toEqual(['charts/exceedance.png', 'charts/exceedance.vl.json', 'run.json', 'summary.csv']);
    for (const hash of Object.values(hashes)) expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds one changed byte, in a text file and in a binary one, and names the file', () => {
    const folder = writeReportFolder('changed');
    const recorded = hashFolder(folder);
    writeFileSync(join(folder, 'summary.csv'), readFileSync(join(folder, 'summary.csv'), 'utf8').replace('1234.56', '1234.57'));
    const png = readFileSync(join(folder, 'charts/exceedance.png'));
    png[7] = png[7]! ^ 1;
    writeFileSync(join(folder, 'charts/exceedance.png'), png);
    const actual = hashFolder(folder);
    const changes = compareHashes(recorded, actual);
    expect(changes).toEqual([
      { file: 'charts/exceedance.png', change: 'changed' },
      { file: 'summary.csv', change: 'changed' },
    ]);
    expect(describeChanges(changes, recorded, actual)[1]).toBe(`changed summary.csv (sha256 ${actual['summary.csv']!.slice(0, 12)}…, recorded ${recorded['summary.csv']!.slice(0, 12)}…)`);
  });

  it('names a file the run no longer writes and a file it writes that was not recorded', () => {
    const folder = writeReportFolder('added-removed');
    const recorded = hashFolder(folder);
    rmSync(join(folder, 'charts/exceedance.png'));
    writeFileSync(join(folder, 'elt.csv'), 'strategy,trial\r\n');
    const actual = hashFolder(folder);
    const changes = compareHashes(recorded, actual);
    expect(changes).toEqual([
      { file: 'charts/exceedance.png', change: 'removed' },
      { file: 'elt.csv', change: 'added' },
    ]);
    expect(describeChanges(changes, recorded, actual)).toEqual(['removed charts/exceedance.png (recorded, not written)', 'added elt.csv (written, not recorded)']);
  });

  it('finds nothing when the folder is as recorded', () => {
    const folder = writeReportFolder('same');
    expect(compareHashes(hashFolder(folder), hashFolder(folder))).toEqual([]);
  });
});

describe('run.json in the manifest', () => {
  it('is hashed without the fields that say how the run was executed', () => {
    const normalised = JSON.parse(normaliseRunJson(JSON.stringify(RUN_JSON))) as Record<string, unknown>;
    expect(Object.keys(normalised)).toEqual(['faultline_version', 'scenario', 'seed', 'trials']);
    for (const field of EXECUTION_FIELDS) expect(normalised).not.toHaveProperty(field);
  });

  it('hashes the same for another worker count, Node version, start time and timings, and differently for another seed', () => {
    const hash = (manifest: object) => hashGoldenFile('run.json', Buffer.from(JSON.stringify(manifest, null, 2)));
    const elsewhere = {
      ...RUN_JSON,
      workers: 1,
      execution: { mode: 'merge', shards: 4 },
      node_version: 'v22.1.0',
      started_at: '2030-06-01T12:00:00.000Z',
      timings_ms: { load: 9, simulate: 9, statistics: 9, total: 27 },
      peak_rss_mib: 900,
    };
    expect(hash(elsewhere)).toBe(hash(RUN_JSON));
    expect(hash({ ...RUN_JSON, seed: 8 })).not.toBe(hash(RUN_JSON));
  });

  it('is the only file normalised: other JSON is hashed as written', () => {
    const bytes = Buffer.from(JSON.stringify(RUN_JSON));
    expect(hashGoldenFile('explain.json', bytes)).not.toBe(hashGoldenFile('run.json', bytes));
  });
});

describe('formatManifest', () => {
  it('sorts the runs and their files, and ends with a newline', () => {
    const text = formatManifest({ 'scenarios/b.yaml': { 'z.csv': '2', 'a.csv': '1' }, 'scenarios/a.yaml': { 'run.json': '3' } });
    expect(text).toBe('{\n  "scenarios/a.yaml": {\n    "run.json": "3"\n  },\n  "scenarios/b.yaml": {\n    "a.csv": "1",\n    "z.csv": "2"\n  }\n}\n');
  });

  it('is the form the committed manifest is in', () => {
    expect(readFileSync(MANIFEST_FILE, 'utf8')).toBe(formatManifest(readManifest(MANIFEST_FILE)));
  });

  it('reads an absent manifest as empty, so that every file of a first run shows as added', () => {
    expect(readManifest(join(root, 'no-manifest.json'))).toEqual({});
  });
});
