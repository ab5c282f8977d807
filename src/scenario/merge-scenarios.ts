import type { FieldPath, SourceDocument } from './source-document.ts';

/** Where a value of a merged scenario came from: which file, and its path in that file. */
export interface ValueOrigin {
  source: SourceDocument;
  path: FieldPath;
}

/** A merged value with the origin of every field, keyed by `pathKey(path)` of the merged path. */
export interface MergedValue {
  value: unknown;
  origins: Map<string, ValueOrigin>;
}

/** The key of a path in origin maps. */
export function pathKey(path: FieldPath): string {
  return JSON.stringify(path);
}

/**
 * Deep-merges a variant over its base, recording where each merged value came from.
 *
 * Objects merge key by key, except a distribution the variant writes with its `dist`: that
 * replaces the base's whole (`{ dist: poisson, mean: 20 }` over a negative binomial must not keep
 * its `dispersion`; `p05`/`p95` over `mu`/`sigma` must not keep both pairs). Arrays whose items are
 * all objects with a `name` merge item by item on `name` (a variant changes one incident by naming
 * it; new names are appended); other arrays and all scalars from the variant replace the base's.
 */
export function mergeScenarios(base: MergedValue, variant: SourceDocument): MergedValue {
  const origins = new Map<string, ValueOrigin>();
  const value = mergeValue(base, variant, [], [], [], origins);
  return { value, origins };
}

/** Wraps a single file as a merged value whose origins are all in that file. */
export function unmerged(source: SourceDocument): MergedValue {
  const origins = new Map<string, ValueOrigin>();
  recordOrigins(source.value, source, [], [], origins);
  return { value: source.value, origins };
}

function mergeValue(base: MergedValue, variant: SourceDocument, mergedPath: FieldPath, basePath: FieldPath, variantPath: FieldPath, origins: Map<string, ValueOrigin>): unknown {
  const baseValue = valueAt(base.value, basePath);
  const variantValue = valueAt(variant.value, variantPath);
  if (isPlainObject(baseValue) && isPlainObject(variantValue) && !('dist' in variantValue)) {
    origins.set(pathKey(mergedPath), { source: variant, path: variantPath });
    const result: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(baseValue), ...Object.keys(variantValue)])) {
      const path = [...mergedPath, key];
      if (!(key in variantValue)) {
        result[key] = baseValue[key];
        copyOrigins(base, [...basePath, key], path, origins);
      } else if (!(key in baseValue)) {
        result[key] = variantValue[key];
        recordOrigins(variantValue[key], variant, [...variantPath, key], path, origins);
      } else {
        result[key] = mergeValue(base, variant, path, [...basePath, key], [...variantPath, key], origins);
      }
    }
    return result;
  }
  if (isNamedList(baseValue) && isNamedList(variantValue)) {
    origins.set(pathKey(mergedPath), { source: variant, path: variantPath });
    const result: unknown[] = [];
    // A name the variant repeats matches the base once, by its first use; the repeats are appended
    // so that the duplicate is reported rather than silently dropped.
    const variantIndex = new Map<string, number>();
    variantValue.forEach((item, index) => {
      if (!variantIndex.has(item.name)) variantIndex.set(item.name, index);
    });
    baseValue.forEach((item, index) => {
      const path = [...mergedPath, result.length];
      const match = variantIndex.get(item.name);
      if (match === undefined) {
        result.push(item);
        copyOrigins(base, [...basePath, index], path, origins);
      } else {
        result.push(mergeValue(base, variant, path, [...basePath, index], [...variantPath, match], origins));
      }
    });
    const baseNames = new Set(baseValue.map((item) => item.name));
    variantValue.forEach((item, index) => {
      if (baseNames.has(item.name) && variantIndex.get(item.name) === index) return;
      recordOrigins(item, variant, [...variantPath, index], [...mergedPath, result.length], origins);
      result.push(item);
    });
    return result;
  }
  recordOrigins(variantValue, variant, variantPath, mergedPath, origins);
  return variantValue;
}

function copyOrigins(base: MergedValue, basePath: FieldPath, mergedPath: FieldPath, origins: Map<string, ValueOrigin>): void {
  const prefix = pathKey(basePath).slice(0, -1);
  for (const [key, origin] of base.origins) {
    if (key === pathKey(basePath) || key.startsWith(`${prefix},`)) {
      const rest = (JSON.parse(key) as FieldPath).slice(basePath.length);
      origins.set(pathKey([...mergedPath, ...rest]), origin);
    }
  }
}

function recordOrigins(value: unknown, source: SourceDocument, sourcePath: FieldPath, mergedPath: FieldPath, origins: Map<string, ValueOrigin>): void {
  origins.set(pathKey(mergedPath), { source, path: sourcePath });
  if (Array.isArray(value)) {
    value.forEach((item, index) => recordOrigins(item, source, [...sourcePath, index], [...mergedPath, index], origins));
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      recordOrigins(item, source, [...sourcePath, key], [...mergedPath, key], origins);
    }
  }
}

function valueAt(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isNamedList(value: unknown): value is { name: string }[] {
  return Array.isArray(value) && value.every((item) => isPlainObject(item) && typeof item.name === 'string');
}
