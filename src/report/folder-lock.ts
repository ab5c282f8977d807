import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.ts';

/** What a lock file says of the run that holds it. */
interface LockOwner {
  pid: number;
  host: string;
  started_at: string;
}

/** A lock of another machine this old is taken to be left by a run that died there. */
const FOREIGN_LOCK_HOURS = 24;

/**
 * The lock of a report folder while a run writes it: the file `.<name>.lock` beside the folder,
 * created exclusively, holding the owner's pid, host and start time. A lock whose owner is no
 * longer running (same host: the pid is gone; another host: older than a day) is stale and taken
 * over, so a killed run never blocks the next one.
 */
export class FolderLock {
  private released = false;

  private constructor(readonly file: string) {}

  /**
   * Takes the lock of `folder`.
   *
   * @throws InputError (`--out`) when a live run holds it.
   */
  static take(folder: string): FolderLock {
    const file = join(dirname(folder), `.${basename(folder)}.lock`);
    const owner: LockOwner = { pid: process.pid, host: hostname(), started_at: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        try {
          writeSync(fd, `${JSON.stringify(owner)}\n`);
        } finally {
          closeSync(fd);
        }
        return new FolderLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readOwner(file);
      if (holder && isAlive(holder)) {
        throw new InputError([
          {
            path: '--out',
            message: `expected a folder no other run is writing, got ${folder}, which faultline (pid ${holder.pid} on ${holder.host}, since ${holder.started_at}) is writing now: wait for it or choose another --out (if no such run exists, delete ${file})`,
          },
        ]);
      }
      rmSync(file, { force: true }); // stale: its run died; try again
    }
    throw new InputError([{ path: '--out', message: `expected a folder whose lock can be taken, got ${folder}: ${file} keeps coming back` }]);
  }

  /** Gives the lock up (once; later calls do nothing). */
  release(): void {
    if (this.released) return;
    this.released = true;
    rmSync(this.file, { force: true });
  }
}

/** The owner a lock file names; undefined when it is unreadable or half-written (then stale). */
function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid !== 'number' || typeof owner.host !== 'string' || typeof owner.started_at !== 'string') return undefined;
    return owner as LockOwner;
  } catch {
    return undefined;
  }
}

/** Whether the run that holds a lock still runs: its pid exists on this host, or, elsewhere, the lock is younger than a day. */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return Date.now() - Date.parse(owner.started_at) < FOREIGN_LOCK_HOURS * 3_600_000;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
