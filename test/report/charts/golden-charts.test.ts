import { describe, expect, it } from 'vitest';
import { chartSpecCopies, committedCopies } from '../../golden/golden-runs.ts';

/**
 * Golden chart specs: the charts of the run fixture reproduce the committed
 * `test/golden/charts/*.vl.json` byte for byte. They are drawn from a fixed RunData, so they move
 * only when a chart does, not when the simulation does. If a change to a chart is intended, run
 * `npm run golden:update` and look at the diff before committing.
 */
const { folder, files } = chartSpecCopies();
const committed = committedCopies(folder);

describe('golden chart specs', () => {
  it.each([...files.keys()])('reproduces %s', (file) => {
    expect(committed.has(file), `no golden test/golden/${folder}/${file}: run npm run golden:update`).toBe(true);
    expect(files.get(file)!.toString('utf8'), 'if the change is intended, run npm run golden:update and review the diff').toBe(committed.get(file)!.toString('utf8'));
  });

  it('keeps no golden of a chart the fixture no longer draws', () => {
    expect([...committed.keys()].filter((file) => !files.has(file))).toEqual([]);
  });
});
