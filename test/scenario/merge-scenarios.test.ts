import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mergeScenarios, pathKey, unmerged, type MergedValue } from '../../src/scenario/merge-scenarios.ts';
import { resolveExtends } from '../../src/scenario/resolve-extends.ts';
import { readSourceDocument, type FieldPath, type SourceDocument } from '../../src/scenario/source-document.ts';

/**
 * `extends` semantics: objects merge key by key, named lists merge by `name`, everything else
 * from the variant replaces the base; every merged value remembers the file and line it came from.
 */

/** Parses YAML text as if read from `file`. */
function source(file: string, text: string): SourceDocument {
  const parsed = readSourceDocument(file, text);
  if (Array.isArray(parsed)) throw new Error(`fixture ${file} does not parse: ${parsed.map((issue) => issue.message).join('; ')}`);
  return parsed;
}

/** Merges variant text over base text. */
function merge(baseText: string, variantText: string): MergedValue {
  return mergeScenarios(unmerged(source('base.yaml', baseText)), source('variant.yaml', variantText));
}

/** `file:line` of the merged value at a path. */
function originOf(merged: MergedValue, path: FieldPath): string {
  const origin = merged.origins.get(pathKey(path));
  if (!origin) return 'nowhere';
  return `${origin.source.file}:${origin.source.locate(origin.path)?.line}`;
}

const BASE = `name: base
seed: 1
market:
  buyers: { count: 1000, spend: 50 }
  sellers: { count: 10 }
incidents:
  - name: outage
    frequency: { dist: poisson, mean: 0.5 }
    bearer: platform
  - name: breach
    frequency: { dist: poisson, mean: 0.2 }
    bearer: platform
tags: [a, b, c]
`;

describe('mergeScenarios', () => {
  it('merges objects key by key: untouched keys stay, new keys are added', () => {
    const merged = merge(BASE, 'market:\n  buyers: { spend: 80 }\n  processors: { count: 2 }\n');
    expect((merged.value as { market: unknown }).market).toEqual({
      buyers: { count: 1000, spend: 80 },
      sellers: { count: 10 },
      processors: { count: 2 },
    });
    expect(originOf(merged, ['market', 'buyers', 'count'])).toBe('base.yaml:4');
    expect(originOf(merged, ['market', 'buyers', 'spend'])).toBe('variant.yaml:2');
    expect(originOf(merged, ['market', 'processors', 'count'])).toBe('variant.yaml:3');
  });

  it('replaces scalars', () => {
    const merged = merge(BASE, 'name: variant\nseed: 2\n');
    expect(merged.value).toMatchObject({ name: 'variant', seed: 2 });
    expect(originOf(merged, ['seed'])).toBe('variant.yaml:2');
    expect(originOf(merged, ['tags', 0])).toBe('base.yaml:13');
  });

  it('replaces lists that are not lists of named objects', () => {
    const merged = merge(BASE, 'tags: [z]\n');
    expect((merged.value as { tags: unknown }).tags).toEqual(['z']);
  });

  it('merges named lists by name: overrides one item, keeps the others, appends new ones', () => {
    const merged = merge(
      BASE,
      `incidents:
  - name: glitch
    frequency: { dist: poisson, mean: 3 }
    bearer: sellers
  - name: breach
    frequency: { dist: poisson, mean: 0.4 }
`,
    );
    expect((merged.value as { incidents: unknown }).incidents).toEqual([
      { name: 'outage', frequency: { dist: 'poisson', mean: 0.5 }, bearer: 'platform' },
      { name: 'breach', frequency: { dist: 'poisson', mean: 0.4 }, bearer: 'platform' },
      { name: 'glitch', frequency: { dist: 'poisson', mean: 3 }, bearer: 'sellers' },
    ]);
    expect(originOf(merged, ['incidents', 0, 'frequency', 'mean'])).toBe('base.yaml:8');
    expect(originOf(merged, ['incidents', 1, 'frequency', 'mean'])).toBe('variant.yaml:6');
    expect(originOf(merged, ['incidents', 1, 'bearer'])).toBe('base.yaml:12');
    expect(originOf(merged, ['incidents', 2, 'bearer'])).toBe('variant.yaml:4');
  });

  it('replaces a distribution the variant writes with its dist, rather than mixing parameters', () => {
    const merged = merge(
      'incidents:\n  - name: a\n    frequency: { dist: negative_binomial, mean: 5, dispersion: 2 }\n    loss: { dist: lognormal, mu: 9, sigma: 1 }\n',
      'incidents:\n  - name: a\n    frequency: { dist: poisson, mean: 4 }\n    loss: { dist: lognormal, p05: 10, p95: 100 }\n',
    );
    expect((merged.value as { incidents: unknown }).incidents).toEqual([{ name: 'a', frequency: { dist: 'poisson', mean: 4 }, loss: { dist: 'lognormal', p05: 10, p95: 100 } }]);
  });

  it('still merges a distribution written without dist key by key', () => {
    const merged = merge('incidents:\n  - name: a\n    frequency: { dist: negative_binomial, mean: 5, dispersion: 2 }\n', 'incidents:\n  - name: a\n    frequency: { mean: 7 }\n');
    expect((merged.value as { incidents: unknown }).incidents).toEqual([{ name: 'a', frequency: { dist: 'negative_binomial', mean: 7, dispersion: 2 } }]);
  });

  it('keeps a name the variant repeats, so that the duplicate can be reported', () => {
    const merged = merge(BASE, 'incidents:\n  - name: outage\n    bearer: buyers\n  - name: outage\n    bearer: sellers\n');
    const names = (merged.value as { incidents: { name: string; bearer: string }[] }).incidents.map((item) => `${item.name}/${item.bearer}`);
    expect(names).toEqual(['outage/buyers', 'breach/platform', 'outage/sellers']);
  });

  it('does not change its inputs', () => {
    const base = unmerged(source('base.yaml', BASE));
    const before = structuredClone(base.value);
    mergeScenarios(base, source('variant.yaml', 'seed: 9\nincidents:\n  - name: outage\n    bearer: buyers\n'));
    expect(base.value).toEqual(before);
  });
});

describe('resolveExtends', () => {
  const chain = (name: string) => fileURLToPath(new URL(`../fixtures/scenarios/chain/${name}`, import.meta.url));

  it('merges a chain of three files, most basic first', () => {
    const resolved = resolveExtends(chain('leaf.yaml'));
    if (Array.isArray(resolved)) throw new Error(resolved.map((issue) => issue.message).join('\n'));
    expect(resolved.sources.map((item) => item.file)).toEqual([chain('base.yaml'), chain('middle.yaml'), chain('leaf.yaml')]);
    expect(resolved.merged.value).toEqual({
      name: 'chain-leaf', // leaf
      description: 'Three incidents, each borne by a different party.', // base
      seed: 'leaf-seed', // leaf over base
      trials: 3000, // middle over base
      currency: 'EUR', // base
      incidents: [
        {
          type: 'loss_event',
          name: 'outage',
          frequency: { dist: 'poisson', mean: 0.5 },
          loss: { dist: 'lognormal', p05: 1000, p95: 50000 }, // leaf replaces base's mu/sigma
          bearer: 'platform',
          coverage: 'business_interruption',
        },
        {
          type: 'loss_event',
          name: 'breach',
          frequency: { dist: 'poisson', mean: 0.4 }, // middle
          loss: { dist: 'lognormal', p05: 5000, p95: 2000000 },
          bearer: 'platform',
        },
        {
          type: 'loss_event',
          name: 'fraud',
          frequency: { dist: 'poisson', mean: 12 }, // leaf replaces the negative binomial
          loss: { dist: 'lognormal', p05: 50, p95: 5000 },
          bearer: 'buyers',
        },
        {
          type: 'loss_event',
          name: 'glitch', // appended by leaf
          frequency: { dist: 'bernoulli', p: 0.3 },
          loss: { dist: 'uniform', min: 1000, max: 9000 },
          bearer: 'sellers',
        },
      ],
    });
    // No `extends` is left in the merged scenario.
    expect(resolved.merged.value).not.toHaveProperty('extends');
  });

  it('remembers which of the three files each value came from', () => {
    const resolved = resolveExtends(chain('leaf.yaml'));
    if (Array.isArray(resolved)) throw new Error('expected the chain to resolve');
    const where = (path: FieldPath) => {
      const origin = resolved.merged.origins.get(pathKey(path))!;
      return `${origin.source.file.split('/').pop()}:${origin.source.locate(origin.path)?.line}`;
    };
    expect(where(['currency'])).toBe('base.yaml:6');
    expect(where(['trials'])).toBe('middle.yaml:3');
    expect(where(['seed'])).toBe('leaf.yaml:3');
    expect(where(['incidents', 1, 'frequency', 'mean'])).toBe('middle.yaml:6');
    expect(where(['incidents', 1, 'loss', 'p95'])).toBe('base.yaml:17');
    expect(where(['incidents', 3, 'bearer'])).toBe('leaf.yaml:13');
  });
});
