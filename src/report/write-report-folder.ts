import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SimulationError } from '../errors.ts';

/**
 * Writes a report folder atomically: every file goes into a temporary sibling folder, which is
 * then renamed into place. A failure leaves the previous report as it was and no partial folder.
 */
export function writeReportFolder(folder: string, files: ReadonlyMap<string, string | Uint8Array>): void {
  const parent = dirname(folder);
  let staging: string | undefined;
  try {
    mkdirSync(parent, { recursive: true });
    staging = mkdtempSync(join(parent, `.${basename(folder)}.partial-`));
    chmodSync(staging, 0o777 & ~process.umask()); // mkdtemp makes it private; a report is not
    for (const [name, content] of files) {
      mkdirSync(dirname(join(staging, name)), { recursive: true });
      writeFileSync(join(staging, name), content);
    }
    replaceFolder(staging, folder);
    staging = undefined;
  } catch (error) {
    throw new SimulationError(`could not write the report to ${folder}: ${describeFileError(error)}`);
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
  }
}

/** Moves `staging` to `folder`, replacing an existing folder; on failure the old one is restored. */
function replaceFolder(staging: string, folder: string): void {
  if (!existsSync(folder)) {
    renameSync(staging, folder);
    return;
  }
  const previous = `${staging}.previous`;
  renameSync(folder, previous);
  try {
    renameSync(staging, folder);
  } catch (error) {
    renameSync(previous, folder);
    throw error;
  }
  rmSync(previous, { recursive: true, force: true });
}

/** Writes one text file by writing a temporary sibling and renaming it into place. */
export function writeTextFileAtomic(file: string, content: string): void {
  const staging = `${file}.partial-${process.pid}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(staging, content);
    renameSync(staging, file);
  } catch (error) {
    rmSync(staging, { force: true });
    throw new SimulationError(`could not write ${file}: ${describeFileError(error)}`);
  }
}

/** Says in words what a file-system error means, keeping the system's text for the rest. */
function describeFileError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'EEXIST' || code === 'ENOTDIR') return `part of the path is a file, not a folder (${message})`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `no permission to write there (${message})`;
  if (code === 'ENOSPC') return `the disk is full (${message})`;
  return message;
}
