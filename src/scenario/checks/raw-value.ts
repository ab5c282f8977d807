/**
 * Reading a scenario before validation: the cross-field checks run on the raw merged value so
 * their problems are listed with the schema's, and must not trust any field's type.
 */

/** The value as an object, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The value as a list, or an empty one. */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value as text, or undefined. */
export function asText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value as a finite number, or undefined. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The `name`s of a list of objects, with their indices. */
export function namesOf(list: unknown): Map<string, number> {
  const names = new Map<string, number>();
  asList(list).forEach((item, index) => {
    const name = asText(asRecord(item)?.name);
    if (name !== undefined && !names.has(name)) names.set(name, index);
  });
  return names;
}

/** Names of the seller segments, with the schema's default of one segment `all`. */
export function segmentNames(scenario: Record<string, unknown>): Set<string> {
  const market = asRecord(scenario.market);
  if (!market) return new Set();
  return market.sellers === undefined ? new Set(['all']) : new Set(namesOf(market.sellers).keys());
}

/** Names of the processors under market.platform.processors. */
export function processorNames(scenario: Record<string, unknown>): Set<string> {
  return new Set(namesOf(asRecord(asRecord(asRecord(scenario.market)?.platform))?.processors).keys());
}

/** The vendors under market.vendors, by name, with the licensees each lists (raw text). */
export function vendorLicensees(scenario: Record<string, unknown>): Map<string, string[]> {
  const vendors = new Map<string, string[]>();
  for (const item of asList(asRecord(scenario.market)?.vendors)) {
    const vendor = asRecord(item);
    const name = asText(vendor?.name);
    if (name !== undefined)
      vendors.set(
        name,
        asList(vendor?.licensed_by).filter((licensee): licensee is string => typeof licensee === 'string'),
      );
  }
  return vendors;
}
