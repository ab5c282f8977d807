import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { EXECUTION_FIELDS } from '../../src/report/run-manifest.ts';

/** The SHA-256 (hex) of each file of a folder, keyed by its path relative to the folder, with `/` separators. */
export type FileHashes = Record<string, string>;

/** What the golden manifest records: per golden run (its scenario file), the hash of every file the run wrote. */
export type GoldenManifest = Record<string, FileHashes>;

/** How a file of a folder differs from what was recorded: written but not recorded, recorded but not written, or other bytes. */
export interface FileChange {
  file: string;
  change: 'added' | 'removed' | 'changed';
}

/**
 * run.json as it is hashed: without the fields that say how the run was executed (workers, Node
 * version, start time, timings, memory), which differ from one run to the next; what remains is
 * what the run computed and from which input.
 */
export function normaliseRunJson(text: string): string {
  const manifest = JSON.parse(text) as Record<string, unknown>;
  for (const field of EXECUTION_FIELDS) delete manifest[field];
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The SHA-256 of a file's bytes as the golden manifest records it (run.json normalised first). */
export function hashGoldenFile(file: string, bytes: Buffer): string {
  const hashed = file === 'run.json' ? Buffer.from(normaliseRunJson(bytes.toString('utf8'))) : bytes;
  return createHash('sha256').update(hashed).digest('hex');
}

/** The hash of every file under `folder` (recursively), in sorted order; an absent folder has none. */
export function hashFolder(folder: string): FileHashes {
  const files: string[] = [];
  const visit = (current: string) => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) visit(path);
      else files.push(relative(folder, path).split(sep).join('/'));
    }
  };
  if (existsSync(folder)) visit(folder);
  return Object.fromEntries(files.sort().map((file) => [file, hashGoldenFile(file, readFileSync(join(folder, file)))]));
}

/** The hash of each file of an in-memory set of files, in sorted order. */
export function hashFiles(files: ReadonlyMap<string, Buffer>): FileHashes {
  return Object.fromEntries([...files.keys()].sort().map((file) => [file, hashGoldenFile(file, files.get(file)!)]));
}

/** Every file of `actual` that is not in `recorded`, every file of `recorded` not in `actual`, and every file whose hash differs, by file name. */
export function compareHashes(recorded: FileHashes, actual: FileHashes): FileChange[] {
  const files = [...new Set([...Object.keys(recorded), ...Object.keys(actual)])].sort();
  return files.flatMap((file): FileChange[] => {
    const before = recorded[file];
    const after = actual[file];
    if (before === after) return [];
    return [{ file, change: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed' }];
  });
}

/** One line per change, e.g. `changed summary.csv (sha256 1a2b3c4d…, recorded 5e6f7a8b…)`. */
export function describeChanges(changes: readonly FileChange[], recorded: FileHashes, actual: FileHashes): string[] {
  return changes.map(({ file, change }) => {
    if (change === 'added') return `added ${file} (written, not recorded)`;
    if (change === 'removed') return `removed ${file} (recorded, not written)`;
    return `changed ${file} (sha256 ${actual[file]!.slice(0, 12)}…, recorded ${recorded[file]!.slice(0, 12)}…)`;
  });
}

/** The manifest as it is committed: keys sorted at both levels, two-space indent, a newline at the end. */
export function formatManifest(manifest: GoldenManifest): string {
  const sortedKeys = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, record[key]!]),
    );
  const sorted = sortedKeys(Object.fromEntries(Object.entries(manifest).map(([run, hashes]) => [run, sortedKeys(hashes)])));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/** Reads a committed manifest; an absent file is an empty manifest (every file then shows as added). */
export function readManifest(path: string): GoldenManifest {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as GoldenManifest) : {};
}
