import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulationError } from '../errors.ts';

/** Closes the descriptor of a spill file nobody closed once the file object is collected. */
const unclosed = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/** Folders of spill files still to remove at exit (where an open file cannot be unlinked: Windows). */
const removeAtExit = new Set<string>();
let exitHook = false;

/**
 * A temporary file a year loss table keeps its columns in once it is too large for memory: read
 * and written at byte positions. It lives in the operating system's temporary folder (`TMPDIR`)
 * and is unlinked as soon as it is open, so nothing is left behind however the process ends;
 * the space comes back when it is closed or the process exits. On Windows, where an open file
 * cannot be unlinked, its folder is removed on close or at exit.
 */
export class SpillFile {
  private fd: number | undefined;
  /** Bytes written so far at the end (`append`). */
  private end = 0;

  private constructor(
    fd: number,
    /** The folder the file was made in, for messages. */
    readonly folder: string,
    private readonly removable: string | undefined,
  ) {
    this.fd = fd;
    unclosed.register(this, fd, this);
  }

  /** Creates an empty spill file named for `what` (the file's name says what it holds). */
  static create(what: string): SpillFile {
    const parent = tmpdir();
    let folder: string;
    try {
      folder = mkdtempSync(join(parent, 'faultline-'));
    } catch (error) {
      throw spillError(`could not create a temporary folder in ${parent} for the ${what}`, error);
    }
    const path = join(folder, `${what.replaceAll(' ', '-')}.bin`);
    let fd: number;
    try {
      fd = openSync(path, 'w+', 0o600);
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw spillError(`could not create ${path} for the ${what}`, error);
    }
    if (process.platform !== 'win32') {
      unlinkSync(path);
      rmSync(folder, { recursive: true, force: true });
      return new SpillFile(fd, parent, undefined);
    }
    removeAtExit.add(folder);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => removeAtExit.forEach((leftover) => rmSync(leftover, { recursive: true, force: true })));
    }
    return new SpillFile(fd, parent, folder);
  }

  /** Writes all of `values` at byte `position`. */
  write(values: NodeJS.ArrayBufferView, position: number): void {
    const fd = this.open();
    let done = 0;
    try {
      while (done < values.byteLength) done += writeSync(fd, values, done, values.byteLength - done, position + done);
    } catch (error) {
      throw spillError(`could not write the year loss table to its temporary file in ${this.folder}`, error);
    }
    this.end = Math.max(this.end, position + values.byteLength);
  }

  /** Writes all of `values` after everything written so far; returns the byte position they start at. */
  append(values: NodeJS.ArrayBufferView): number {
    const at = this.end;
    this.write(values, at);
    return at;
  }

  /** Fills `into` from byte `position`; bytes never written read as zeros. */
  read(into: NodeJS.ArrayBufferView, position: number): void {
    const fd = this.open();
    const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
    let done = 0;
    try {
      while (done < bytes.length) {
        const read = readSync(fd, bytes, done, bytes.length - done, position + done);
        if (read === 0) break; // past the end: a hole never written
        done += read;
      }
    } catch (error) {
      throw spillError(`could not read the year loss table back from its temporary file in ${this.folder}`, error);
    }
    bytes.fill(0, done);
  }

  /** Closes the file, giving its space back; reading or writing after this is an error. */
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    unclosed.unregister(this);
    if (this.removable) {
      rmSync(this.removable, { recursive: true, force: true });
      removeAtExit.delete(this.removable);
    }
  }

  private open(): number {
    if (this.fd === undefined) throw new SimulationError('the year loss table was read or written after it was closed');
    return this.fd;
  }
}

/** A runtime failure (exit 1) saying what could not be done with the spill file, the system's reason, and what to do. */
function spillError(what: string, error: unknown): SimulationError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new SimulationError(`${what} (${reason}): free space there, point TMPDIR at a disk with room, or keep the table in memory with a larger --table-memory`);
}
