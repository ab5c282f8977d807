import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSentence, incidentNamer, REASON_PREFIXES, stepSentence, trailSentences } from '../../src/report/reason-sentences.ts';
import { EXCLUSIONS, INCIDENT_TYPES } from '../../src/scenario/vocabulary.ts';
import { PROJECT_ROOT } from '../helpers/run-cli.ts';

/**
 * The reason sentences: every reason code the liability and insurance stages can write into a
 * trail has a sentence of its own, and a few read exactly as a student should read them.
 */

/**
 * The reason codes in the sources of src/liability and src/insurance: the string literals of every
 * `reason: …` field, of `step(…)` (occurrence-terms), and what `faultReason` returns; template
 * literals give their prefix (`caused_by_`).
 */
function emittedCodes(): { codes: Set<string>; prefixes: Set<string> } {
  const codes = new Set<string>();
  const prefixes = new Set<string>();
  const incidentTypes = new Set<string>(INCIDENT_TYPES);
  for (const folder of ['src/liability', 'src/insurance']) {
    for (const name of readdirSync(join(PROJECT_ROOT, folder))) {
      const source = readFileSync(join(PROJECT_ROOT, folder, name), 'utf8');
      const fault = /function faultReason[\s\S]*?\n}/.exec(source)?.[0] ?? '';
      const snippets = [
        // The expression of the field, up to the next field or the end of the object.
        ...[...source.matchAll(/reason: ((?:[^,'}\n]|'[^']*')*)/g)].map((match) => match[1]!),
        ...[...source.matchAll(/\bstep\(((?:[^,'\n]|'[^']*')*)/g)].map((match) => match[1]!),
        fault,
      ];
      for (const snippet of snippets) {
        for (const literal of snippet.matchAll(/'([a-z][a-z0-9_]*)'/g)) if (!incidentTypes.has(literal[1]!)) codes.add(literal[1]!);
        for (const template of snippet.matchAll(/`([a-z_]+_)\$\{/g)) prefixes.add(template[1]!);
      }
    }
  }
  // A step's rule (`{ rule: 'insurance', reason: … }` lines) is not a reason.
  for (const rule of ['fault', 'negligence', 'contract', 'statute', 'claim', 'dispute', 'solvency', 'insurance', 'bound']) codes.delete(rule);
  return { codes, prefixes };
}

const context = { currency: 'USD', bearer: 'platform', sufferer: 'buyers' };

describe('reason sentences', () => {
  const { codes, prefixes } = emittedCodes();

  it('finds the codes in the sources (the scan itself works)', () => {
    expect(codes.size).toBeGreaterThan(60);
    for (const code of ['debtor_insolvent', 'buyer_guarantee_paid_recovery_failed', 'within_retention', 'seller_uninsured', 'borne_by_named_bearer', 'gross_negligence']) expect(codes).toContain(code);
    expect([...prefixes].sort()).toEqual(['caused_by_', 'excluded_', 'settled_in_', 'sublimit_']);
  });

  it('has a sentence of its own for every code the liability and insurance stages emit', () => {
    expect([...codes].filter((code) => !hasSentence(code))).toEqual([]);
    expect([...prefixes].filter((prefix) => !REASON_PREFIXES.includes(prefix))).toEqual([]);
    for (const exclusion of EXCLUSIONS) expect(hasSentence(`excluded_${exclusion}`), exclusion).toBe(true);
    expect(hasSentence('novel_rule')).toBe(false);
  });

  it('writes every code as one sentence: capitalised, ending with a full stop, no snake_case code left in it', () => {
    for (const reason of [...codes, ...[...prefixes].map((prefix) => `${prefix}platform`)]) {
      const sentence = stepSentence(
        { rule: reason.startsWith('sublimit_') ? 'insurance' : 'contract', reason, draw: 0.5, other: { amount: 1000, threshold: 0.6, share: 0.5 } },
        { ...context, party: 'sellers:small' },
      );
      expect(sentence, reason).toMatch(/^[A-Z].*\.$/);
      expect(sentence, reason).not.toMatch(/[a-z]_[a-z]/);
      expect(sentence, reason).not.toMatch(/\bundefined\b|\bNaN\b|\bthe the\b/);
    }
  });

  it('reads the negligence, solvency and guarantee steps of a trail as a student should', () => {
    const trail = [
      { rule: 'fault', reason: 'caused_by_platform', draw: null },
      { rule: 'negligence', reason: 'negligent', draw: 0.183, other: { threshold: 0.42 } },
    ];
    expect(trailSentences(trail, { ...context, bearer: 'platform', sufferer: 'sellers:pro' })).toEqual([
      'The platform caused the incident.',
      'The platform was found negligent: the draw 0.183 was below the 0.42 chance of negligence.',
    ]);
    const guarantee = [
      { rule: 'fault', reason: 'caused_by_sellers:small', draw: null },
      { rule: 'solvency', reason: 'debtor_insolvent', draw: 0.822, other: { threshold: 0.6 } },
      { rule: 'contract', reason: 'buyer_guarantee_paid_recovery_failed', draw: null },
    ];
    expect(trailSentences(guarantee, context)).toEqual([
      'The small sellers caused the incident.',
      'The small sellers could not pay: the draw 0.822 was not below the 0.6 chance of being solvent.',
      "The platform's buyer guarantee paid the buyers; the platform then tried to recover it from the small sellers and failed, so the platform carries it.",
    ]);
    expect(stepSentence({ rule: 'insurance', reason: 'retention', draw: null, other: { amount: 500_000 } }, context)).toBe('The retention: the platform keeps the first USD 500,000.');
    expect(stepSentence({ rule: 'insurance', reason: 'within_retention', draw: null, other: { amount: 120 } }, { ...context, bearer: 'sellers:small' })).toBe(
      'The whole loss (USD 120) is within the retention: the small sellers keep it all.',
    );
  });

  it('says why a loss stays where it fell when the fault finding is the whole trail', () => {
    const fault = [{ rule: 'fault', reason: 'caused_by_platform', draw: null }];
    expect(trailSentences(fault, { ...context, bearer: 'platform', sufferer: 'platform' })).toEqual(['The platform caused the incident and carries this loss of its own.']);
    expect(trailSentences(fault, { ...context, bearer: 'buyers', sufferer: 'buyers' })).toEqual([
      'The platform caused the incident, but no claim lets the buyers pass this loss on to the platform, so it stays with them.',
    ]);
  });

  it('names the root of a chain of incidents by its number in the year', () => {
    const incident = incidentNamer([{ id: 'platform-breach#2', number: 7, name: 'platform-breach' }]);
    const step = { rule: 'insurance', reason: 'related_one_occurrence', draw: null, other: { root: 'platform-breach#2', share: 0.74 } };
    expect(stepSentence(step, { ...context, incident })).toBe(
      "The policy counts this incident and the ones related to incident 7 (platform-breach) as one occurrence: this incident's part is 74% of it, and the occurrence's terms follow.",
    );
    expect(incident('other#1')).toBeUndefined();
  });
});
