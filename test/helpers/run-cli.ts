import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.ts';

/** The project root: CLI runs start here unless told otherwise. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The `faultline` command as installed: `src/cli/bin.js`. */
export const CLI_BIN = join(PROJECT_ROOT, 'src/cli/bin.js');

/** What a CLI run did: its exit code and everything it printed. */
export interface CliResult {
  /** Exit code; null when killed by a signal. */
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A text stream that keeps what is written to it. */
class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    done();
  }
}

/**
 * Runs `faultline …args` in this process: the commander program called with the arguments and
 * captured output streams, exactly as `bin.js` calls it (worker threads included), and collects its
 * exit code and output. Paths are relative to the project root (the test process's folder); a test
 * that needs another working folder spawns the command with `spawnCli`. Independent runs may go in
 * parallel: each keeps its own output.
 */
export async function runCli(args: readonly string[], options: { cwd?: string } = {}): Promise<CliResult> {
  if (options.cwd !== undefined && options.cwd !== process.cwd()) return spawnCli(args, options);
  const stdout = new TextSink();
  const stderr = new TextSink();
  const status = await main([process.execPath, CLI_BIN, ...args], { stdout, stderr });
  return { status, stdout: stdout.text, stderr: stderr.text };
}

/**
 * Runs `node src/cli/bin.js …args` as a separate process, as a user would, and collects its exit
 * code and output: for the few end-to-end tests (signals, another working folder, the process's
 * own exit). Asynchronous, so that independent runs can go in parallel.
 */
export function spawnCli(args: readonly string[], options: { cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: options.cwd ?? PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A fresh empty folder under the system's temporary folder. */
export function makeTempFolder(label = 'faultline-test'): string {
  return mkdtempSync(join(tmpdir(), `${label}-`));
}

/** A writer of numbered scenario files (JSON, which is YAML) in a fresh temporary folder; returns each file's path. */
export function scenarioWriter(label: string): (content: Record<string, unknown>) => string {
  const folder = makeTempFolder(label);
  let files = 0;
  return (content) => {
    const file = join(folder, `scenario-${++files}.yaml`);
    writeFileSync(file, JSON.stringify(content, null, 1));
    return file;
  };
}

/** Every file under `folder` (recursively) with its bytes, keyed by path relative to `folder`. */
export function snapshotFolder(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const visit = (current: string) => {
    for (const entry of readdirSync(current).sort()) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) visit(path);
      else files.set(relative(folder, path), readFileSync(path));
    }
  };
  visit(folder);
  return files;
}

/** Parses CSV text as written by the report (RFC 4180, no quoted fields expected here). */
export function parseCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  const lines = text.split('\r\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const [headerLine, ...rowLines] = lines;
  const header = (headerLine ?? '').split(',');
  const rows = rowLines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(header.map((column, index) => [column, cells[index] ?? '']));
  });
  return { header, rows };
}
