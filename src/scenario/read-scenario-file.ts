import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** The largest scenario file read: 10 MB (the bundled scenarios are about 30 kB). */
export const MAX_SCENARIO_BYTES = 10 * 1024 * 1024;

/**
 * Reads a scenario file's text, refusing anything but a regular file of at most 10 MB: a folder,
 * a named pipe (which would block), a device (`/dev/zero` never ends) or a socket is named as
 * such, and a larger file is refused before it is read.
 *
 * Returns the text, or the reason (for `expected a readable scenario file, got …`).
 */
export function readScenarioFile(file: string): { text: string } | { problem: string } {
  let kind: Stats | undefined;
  try {
    kind = statSync(file);
  } catch (error) {
    return { problem: describeReadError(error) };
  }
  if (!kind.isFile()) return { problem: describeFileKind(kind) };
  if (kind.size > MAX_SCENARIO_BYTES) return { problem: tooLarge(kind.size) };
  let descriptor: number | undefined;
  try {
    // Opened without blocking and checked again: the path may have been swapped for a pipe.
    descriptor = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const opened = fstatSync(descriptor);
    if (!opened.isFile()) return { problem: describeFileKind(opened) };
    // The file may grow while it is read: read at most one byte past the limit.
    const buffer = Buffer.alloc(Math.min(opened.size, MAX_SCENARIO_BYTES) + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = readSync(descriptor, buffer, length, buffer.length - length, null);
    }
    if (length > MAX_SCENARIO_BYTES) return { problem: tooLarge(length) };
    return { text: buffer.toString('utf8', 0, length) };
  } catch (error) {
    return { problem: describeReadError(error) };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** What a path that is not a regular file is, in words. */
export function describeFileKind(kind: Stats): string {
  if (kind.isDirectory()) return 'a folder';
  if (kind.isFIFO()) return 'a named pipe (FIFO), not a regular file';
  if (kind.isCharacterDevice() || kind.isBlockDevice()) return 'a device, not a regular file';
  if (kind.isSocket()) return 'a socket, not a regular file';
  return 'something other than a regular file';
}

function tooLarge(bytes: number): string {
  return `a file of ${bytes.toLocaleString('en-US')} bytes (scenario files are at most ${MAX_SCENARIO_BYTES.toLocaleString('en-US')} bytes, 10 MB)`;
}

/** Why a file could not be read, in words: a folder, no permission, or the system's code. */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'a folder';
  if (code === 'ENOENT') return 'no file at this path';
  if (code === 'ENOTDIR') return 'no file at this path (a part of it is not a folder)';
  if (code === 'EACCES' || code === 'EPERM') return 'a file it has no permission to read';
  if (code === 'ENAMETOOLONG') return 'a path too long for the file system';
  if (code === 'ELOOP') return 'a loop of symbolic links';
  if (code === 'ERR_INVALID_ARG_VALUE' || code === 'ERR_INVALID_ARG_TYPE') return 'a path the file system cannot take (it holds a NUL character)';
  return `an unreadable file (${code ?? (error as Error).message})`;
}
