import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { partyColorScale } from '../../../src/report/charts/chart-basics.ts';
import { expectExit } from '../../helpers/expect-exit.ts';
import { makeTempFolder, runCli } from '../../helpers/run-cli.ts';

/** Every colour encoding of a party in a spec, with the colour it gives each party. */
function partyColors(spec: unknown, found: Map<string, string>[] = []): Map<string, string>[] {
  if (Array.isArray(spec)) for (const item of spec) partyColors(item, found);
  else if (spec && typeof spec === 'object') {
    const color = (spec as { encoding?: { color?: { field?: string; scale?: { domain?: string[]; range?: string[] } } } }).encoding?.color;
    if (color?.field === 'bearer') {
      expect(color.scale?.domain, 'a party colour scale lists its parties').toBeDefined();
      found.push(new Map(color.scale!.domain!.map((party, i) => [party, color.scale!.range![i]!])));
    }
    for (const value of Object.values(spec)) partyColors(value, found);
  }
  return found;
}

describe('party colours', () => {
  it('keeps a party’s colour wherever the run’s bearer order puts it, whichever parties a chart draws', () => {
    const everyone = ['buyers', 'sellers:pro', 'platform', 'insurer:cyber'];
    const all = partyColorScale(everyone, everyone);
    const some = partyColorScale(everyone, ['platform', 'buyers', 'vendor:x']);
    expect(some.domain).toEqual(['platform', 'buyers', 'vendor:x']);
    expect(some.range[0]).toBe(all.range[2]);
    expect(some.range[1]).toBe(all.range[0]);
    expect(new Set(all.range).size).toBe(4);
    expect(some.range[2]).not.toBe(all.range[0]); // a party outside the order gets a place after it
  });

  it('gives each party one colour in every chart of a report, and the legends call them parties', async () => {
    const out = join(makeTempFolder('faultline-party-colors'), 'run');
    const run = await runCli(['run', 'scenarios/marketplace.yaml', '--trials', '400', '--no-charts', '--quiet', '--out', out]);
    expectExit(run, 0);
    const charts = ['allocation', 'timeline'].map((name) => JSON.parse(readFileSync(join(out, 'charts', `${name}.vl.json`), 'utf8')) as unknown);
    const scales = charts.flatMap((spec) => partyColors(spec));
    expect(scales.length).toBeGreaterThanOrEqual(2);
    const colourOf = new Map<string, string>();
    for (const scale of scales) {
      for (const [party, colour] of scale) {
        expect(colourOf.get(party) ?? colour, party).toBe(colour);
        colourOf.set(party, colour);
      }
    }
    expect(new Set(colourOf.values()).size).toBe(colourOf.size); // no two parties share one
    const text = charts.map((spec) => JSON.stringify(spec)).join('\n');
    expect(text).not.toContain('final bearer');
    expect(text).toContain('"title":"party"');
  });
});
