import { afterEach, describe, expect, it, vi } from 'vitest';
import { runningDetail } from '../../src/cli/batch-command.ts';
import { createProgressBar } from '../../src/cli/progress-bar.ts';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = { isTTY, write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('createProgressBar', () => {
  afterEach(() => vi.useRealTimers());

  it('stays silent during the first second, then shows share, trials/s and time left', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { stream, written } = fakeStream(true);
    const bar = createProgressBar(stream, 1_000_000, { enabled: true });
    vi.advanceTimersByTime(500);
    bar.update(100_000);
    expect(written).toEqual([]);
    vi.advanceTimersByTime(1500); // 2 s in, 250,000 done: 125,000 trials/s, 6 s left
    bar.update(250_000);
    expect(written).toHaveLength(1);
    expect(written[0]).toContain(' 25% 250,000/1,000,000 trials');
    expect(written[0]).toContain('125,000 trials/s');
    expect(written[0]).toContain('ETA 6s');
    bar.finish();
    expect(written[1]).toBe('\r\x1b[K'); // clears its line
  });

  it('prints nothing when the stream is not a terminal or the bar is disabled (--quiet)', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    for (const [isTTY, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const { stream, written } = fakeStream(isTTY);
      const bar = createProgressBar(stream, 100, { enabled });
      vi.advanceTimersByTime(5000);
      bar.update(50);
      bar.finish();
      expect(written).toEqual([]);
    }
  });

  it('says what happens after the last trial instead of sitting at 100%, and clears its line for another line', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { stream, written } = fakeStream(true);
    const bar = createProgressBar(stream, 1000, { enabled: true, label: 'batch' });
    bar.phase('writing the report…'); // not shown yet: nothing to replace
    bar.clear();
    expect(written).toEqual([]);
    vi.advanceTimersByTime(2000);
    bar.update(500);
    expect(written[0]).toMatch(/^\rbatch \[#{12}\.{12}\] {2}50% 500\/1,000 trials/);
    bar.clear();
    expect(written[1]).toBe('\r\x1b[K');
    bar.update(1000);
    bar.phase('1,000 trials done; computing the statistics and writing the report…');
    expect(written[3]).toBe('\rbatch: 1,000 trials done; computing the statistics and writing the report…\x1b[K');
    bar.finish();
    expect(written[4]).toBe('\r\x1b[K');
  });

  it('puts what is running after the time left: per scenario of a batch its share or that its report is being written', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { stream, written } = fakeStream(true);
    const bar = createProgressBar(stream, 3000, { enabled: true, label: 'batch' });
    vi.advanceTimersByTime(2000);
    const running = new Map([
      ['a.yaml', { name: 'marketplace', trials: 2000, writing: false }],
      ['b.yaml', { name: 'small-sellers', trials: 1000, writing: true }],
    ]);
    const done = new Map([
      ['a.yaml', 801],
      ['b.yaml', 1000],
    ]);
    expect(runningDetail(running, done)).toBe('marketplace 40%, small-sellers writing its report');
    bar.update(1801, runningDetail(running, done));
    expect(written[0]).toMatch(/ETA \S+ · marketplace 40%, small-sellers writing its report\x1b\[K$/);
    bar.update(1900);
    expect(written[1]).toMatch(/ETA \S+\x1b\[K$/);
    expect(runningDetail(new Map(), new Map())).toBe('');
  });
});
