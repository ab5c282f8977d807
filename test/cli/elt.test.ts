import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempFolder, parseCsv, PROJECT_ROOT, runCli, type CliResult } from '../helpers/run-cli.ts';

const SCENARIO = join(PROJECT_ROOT, 'test/fixtures/scenarios/market/small-market.yaml');

describe('faultline run --elt', () => {
  const out = makeTempFolder('faultline-elt');
  const runs: Record<string, CliResult> = {};
  const folder = (name: string) => join(out, name);

  beforeAll(async () => {
    const common = [SCENARIO, '--trials', '3000', '--seed', '9'];
    const [all, limited, oneWorker, chunked, none, bad] = await Promise.all([
      runCli(['run', ...common, '--elt', '--out', folder('all')]),
      runCli(['run', ...common, '--elt', '250', '--out', folder('limited')]),
      runCli(['run', ...common, '--elt', '--workers', '1', '--out', folder('one-worker')]),
      runCli(['run', ...common, '--elt', '--chunk-size', '333', '--out', folder('chunked')]),
      runCli(['run', ...common, '--out', folder('none')]),
      runCli(['run', ...common, '--elt', '0', '--out', folder('bad')]),
    ]);
    Object.assign(runs, { all, limited, oneWorker, chunked, none, bad });
  });

  const elt = (name: string) => readFileSync(join(folder(name), 'elt.csv'), 'utf8');

  it('writes one row per loss component with the documented columns, in trial and time order', () => {
    expect(runs.all!.status).toBe(0);
    const { header, rows } = parseCsv(elt('all'));
    expect(header).toEqual(['strategy', 'trial', 'incident_id', 'type', 'name', 'time', 'cause', 'kind', 'amount', 'sufferer', 'coverage']);
    expect(rows.length).toBeGreaterThan(1000);
    for (let i = 1; i < rows.length; i++) {
      const [previous, row] = [rows[i - 1]!, rows[i]!];
      expect(Number(row.trial)).toBeGreaterThanOrEqual(Number(previous.trial));
      if (row.trial === previous.trial) expect(row.time! >= previous.time!).toBe(true);
    }
    expect(new Set(rows.map((row) => row.kind))).toEqual(
      new Set([
        'buyer_loss',
        'seller_lost_margin',
        'platform_lost_commission',
        'incident_response',
        'forensics',
        'notification',
        'pci_assessment',
        'regulatory_fine',
        'class_action',
        'legal_defense',
        'lost_business',
      ]),
    );
  });

  it('conserves loss: ground-up components (ELT) + legal costs = what all bearers carry (summary.csv)', () => {
    const { rows } = parseCsv(elt('all'));
    const groundUp = rows.reduce((sum, row) => sum + Number(row.amount), 0) / 3000;
    const allocation = parseCsv(readFileSync(join(folder('all'), 'allocation.csv'), 'utf8')).rows;
    const legal = allocation.filter((row) => row.component === 'legal_costs').reduce((sum, row) => sum + Number(row.mean_annual), 0);
    const summary = parseCsv(readFileSync(join(folder('all'), 'summary.csv'), 'utf8')).rows;
    const carried = summary.reduce((sum, row) => sum + Number(row.mean), 0);
    // Each ELT row and CSV cell is rounded to the cent.
    expect(Math.abs(groundUp + legal - carried)).toBeLessThan(0.01 * (summary.length + allocation.length) + (rows.length * 0.005) / 3000);
  });

  it('is byte-identical for any worker count or chunk size', () => {
    expect(elt('one-worker')).toBe(elt('all'));
    expect(elt('chunked')).toBe(elt('all'));
  });

  it('keeps the first N rows when given a limit, and says so in run.json', () => {
    const all = elt('all').split('\r\n');
    const limited = elt('limited').split('\r\n');
    expect(limited.length).toBe(1 + 250 + 1); // header, rows, the empty string after the last CRLF
    expect(limited.slice(0, 251)).toEqual(all.slice(0, 251));
    expect(JSON.parse(readFileSync(join(folder('limited'), 'run.json'), 'utf8')).elt_rows).toBe(250);
    expect(runs.limited!.stdout).toContain('elt.csv (250 rows)');
  });

  it('writes no elt.csv without the flag, and refuses a limit of 0', () => {
    expect(() => readFileSync(join(folder('none'), 'elt.csv'))).toThrow();
    expect(runs.bad!.status).toBe(2);
    expect(runs.bad!.stderr).toContain('--elt: expected a whole number from 1 to 1,000,000,000, got "0"');
  });
});
