import { appendFileSync, chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError, SimulationError } from '../errors.ts';
import { FolderLock } from './folder-lock.ts';

/**
 * A report folder being written: files go into a temporary sibling folder, which `commit` renames
 * into place, replacing an earlier report; `discard` removes it. Until `commit`, the earlier
 * report is untouched, so a failed or interrupted run leaves no half-written folder.
 */
export class ReportStaging {
  private constructor(
    readonly folder: string,
    readonly path: string,
    private readonly lock: FolderLock,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /**
   * Takes the folder's lock (`.<name>.lock` beside it: a second run into the same folder is
   * refused, exit 2), removes what runs that died before committing left there (their
   * `.<name>.partial-*` folders), and creates the temporary folder beside `folder`. Once `signal`
   * aborts (Ctrl-C), every later write and the commit throw, so a late interrupt never replaces
   * an earlier report.
   *
   * @throws InputError when another live run holds the folder's lock.
   */
  static open(folder: string, options: { signal?: AbortSignal } = {}): ReportStaging {
    return fileStep(folder, () => {
      mkdirSync(dirname(folder), { recursive: true });
      const lock = FolderLock.take(folder);
      try {
        removeStaleStaging(folder);
        const path = mkdtempSync(join(dirname(folder), `.${basename(folder)}.partial-`));
        chmodSync(path, 0o777 & ~process.umask()); // mkdtemp makes it private; a report is not
        return new ReportStaging(folder, path, lock, options.signal);
      } catch (error) {
        lock.release();
        throw error;
      }
    });
  }

  /** Writes a whole file. */
  /** Puts an existing file into the folder as `name`: a hard link where possible, else a copy (never read into memory). */
  copy(name: string, source: string): void {
    this.checkNotInterrupted();
    fileStep(this.folder, () => {
      const target = join(this.path, name);
      mkdirSync(dirname(target), { recursive: true });
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    });
  }

  write(name: string, content: string | Uint8Array): void {
    this.checkNotInterrupted();
    fileStep(this.folder, () => {
      mkdirSync(dirname(join(this.path, name)), { recursive: true });
      writeFileSync(join(this.path, name), content);
    });
  }

  /** Appends to a file, creating it if needed (for tables written as the run goes). */
  append(name: string, content: string | Uint8Array): void {
    this.checkNotInterrupted();
    fileStep(this.folder, () => appendFileSync(join(this.path, name), content));
  }

  /** Moves the staged files into place, replacing an existing folder; on failure the old one is restored. */
  commit(): void {
    this.checkNotInterrupted();
    fileStep(this.folder, () => {
      if (!existsSync(this.folder)) {
        renameSync(this.path, this.folder);
        return;
      }
      const previous = `${this.path}.previous`;
      renameSync(this.folder, previous);
      try {
        renameSync(this.path, this.folder);
      } catch (error) {
        renameSync(previous, this.folder);
        throw error;
      }
      rmSync(previous, { recursive: true, force: true });
    });
    this.lock.release();
  }

  /** Removes the staged files; the earlier report, if any, stays as it was. */
  discard(): void {
    rmSync(this.path, { recursive: true, force: true });
    this.lock.release();
  }

  private checkNotInterrupted(): void {
    if (this.signal?.aborted) throw new SimulationError('interrupted before the report was complete; no report was written');
  }
}

/**
 * Removes the staging folders (`.<name>.partial-*`, and their `.previous`) that runs into
 * `folder` left when they were killed: called with the folder's lock held, so none is in use.
 */
function removeStaleStaging(folder: string): void {
  const prefix = `.${basename(folder)}.partial-`;
  for (const entry of readdirSync(dirname(folder))) {
    if (entry.startsWith(prefix)) rmSync(join(dirname(folder), entry), { recursive: true, force: true });
  }
}

/** Writes a report folder atomically with the given files. */
export function writeReportFolder(folder: string, files: ReadonlyMap<string, string | Uint8Array>): void {
  const staging = ReportStaging.open(folder);
  try {
    for (const [name, content] of files) staging.write(name, content);
    staging.commit();
  } catch (error) {
    staging.discard();
    throw error;
  }
}

/** Writes one text file by writing a temporary sibling and renaming it into place. */
export function writeTextFileAtomic(file: string, content: string): void {
  const staging = `${file}.partial-${process.pid}`;
  fileStep(file, () => {
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(staging, content);
      renameSync(staging, file);
    } catch (error) {
      rmSync(staging, { force: true });
      throw error;
    }
  });
}

/** Runs a file-system step, turning its failure into a SimulationError that says what it means. */
function fileStep<Result>(target: string, step: () => Result): Result {
  try {
    return step();
  } catch (error) {
    if (error instanceof SimulationError || error instanceof InputError) throw error;
    throw new SimulationError(`could not write the report to ${target}: ${describeFileError(error)}`);
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
