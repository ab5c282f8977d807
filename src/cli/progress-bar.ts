/** A one-line progress bar on a terminal stream, with trials per second and time left. */
export interface ProgressBar {
  /** Draws the bar at `done` trials of the total; `detail` (what is running: `marketplace 40%`) goes after the time left. */
  update(done: number, detail?: string): void;
  /**
   * Replaces the bar with what is happening now that the trials are done (`writing the report…`),
   * so the line does not sit at 100% through the statistics and the charts; only once the bar shows.
   */
  phase(text: string): void;
  /** Clears the line (before another line is printed); the next update draws the bar again. */
  clear(): void;
  finish(): void;
}

const WIDTH = 24;

/**
 * Creates a progress bar that shows itself only on a TTY, and only once a run has taken more
 * than `delayMs`; otherwise every call does nothing.
 */
export function createProgressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, total: number, options: { enabled: boolean; delayMs?: number; label?: string }): ProgressBar {
  const started = performance.now();
  const delayMs = options.delayMs ?? 1000;
  const active = options.enabled && stream.isTTY === true;
  let shown = false;
  return {
    update(done, detail) {
      if (!active) return;
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed * 1000 < delayMs) return;
      shown = true;
      const share = total > 0 ? done / total : 1;
      const filled = Math.round(share * WIDTH);
      const rate = elapsed > 0 ? done / elapsed : 0;
      const eta = rate > 0 ? (total - done) / rate : 0;
      stream.write(
        `\r${options.label ?? 'simulating'} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ` +
          `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} trials · ${Math.round(rate).toLocaleString('en-US')} trials/s · ETA ${formatSeconds(eta)}` +
          `${detail ? ` · ${detail}` : ''}\x1b[K`,
      );
    },
    phase(text) {
      if (shown) stream.write(`\r${options.label ?? 'simulating'}: ${text}\x1b[K`);
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
    },
    finish() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}
