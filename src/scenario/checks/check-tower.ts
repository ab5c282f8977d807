import type { ScenarioIssue } from '../describe-issue.ts';
import { AMOUNT_TOLERANCE, amountText } from '../schema/numbers.ts';
import { asNumber, asText } from './raw-value.ts';

/** A layer over the policy of a tower, with its index under insurance.layers. */
export interface TowerMember {
  layer: Record<string, unknown>;
  index: number;
}

/** A layer of a tower, when the schema would accept its terms. */
interface LayerTerms {
  index: number;
  name: string;
  attachment: number;
  limit: number;
  coinsurance: number;
  share: number;
  /** Where the layer is used up: attachment + limit / (1 − coinsurance). */
  top: number;
}

/**
 * Layers over one policy stack end to end: the lowest attaches where the policy is used up
 * (retention + limit / (1 − coinsurance)), each next one where the one below is used up. Layers
 * with the same attachment and limit are participations in one layer, whose shares sum to at
 * most 1.
 */
export function checkTower(policy: Record<string, unknown>, policyIndex: number, members: readonly TowerMember[]): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const name = asText(policy.name)!;
  const retention = policy.retention === undefined ? 0 : nonNegative(policy.retention);
  const limit = positive(policy.limit);
  const coinsurance = policy.coinsurance === undefined ? 0 : fraction(policy.coinsurance);
  if (retention === undefined || limit === undefined || coinsurance === undefined) return issues; // the schema reports it
  if (coinsurance >= 1) {
    issues.push({
      path: ['insurance', 'policies', policyIndex, 'coinsurance'],
      message: `expected a coinsurance below 1 on a policy with layers over it, got 1 (the insured keeps every loss, so "${name}" is never used up and no layer can attach where it ends)`,
    });
    return issues;
  }

  const layers: LayerTerms[] = [];
  for (const { layer, index } of members) {
    const attachment = nonNegative(layer.attachment);
    const layerLimit = positive(layer.limit);
    const layerCoinsurance = layer.coinsurance === undefined ? 0 : fraction(layer.coinsurance);
    const share = layer.share === undefined ? 1 : fraction(layer.share);
    const layerName = asText(layer.name);
    if (attachment === undefined || layerLimit === undefined || layerCoinsurance === undefined || share === undefined || layerName === undefined) continue;
    layers.push({ index, name: layerName, attachment, limit: layerLimit, coinsurance: layerCoinsurance, share, top: attachment + layerLimit / (1 - layerCoinsurance) });
  }
  layers.sort((a, b) => a.attachment - b.attachment || a.limit - b.limit || a.index - b.index);

  // Participations: consecutive layers with the same attachment and limit.
  const slots: LayerTerms[][] = [];
  for (const layer of layers) {
    const last = slots[slots.length - 1]?.[0];
    if (last && same(last.attachment, layer.attachment) && same(last.limit, layer.limit)) slots[slots.length - 1]!.push(layer);
    else slots.push([layer]);
  }

  // A layer the insured keeps whole is never used up: nothing can stack above it.
  const endless = slots
    .slice(0, -1)
    .flat()
    .filter((layer) => layer.coinsurance >= 1);
  for (const layer of endless) {
    issues.push({
      path: ['insurance', 'layers', layer.index, 'coinsurance'],
      message: `expected a coinsurance below 1 on a layer with layers above it, got 1 (the insured keeps every loss in "${layer.name}", so it is never used up and no layer can attach where it ends)`,
    });
  }
  if (endless.length > 0) return issues;

  // Where cover so far is used up, and by whom, with how it was reached.
  let top = retention + limit / (1 - coinsurance);
  let below = `"${name}"`;
  let how = `retention ${amountText(retention)} + limit ${amountText(limit)}${coinsurance > 0 ? ` / (1 − coinsurance ${coinsurance})` : ''}`;
  for (const slot of slots) {
    const [first] = slot as [LayerTerms, ...LayerTerms[]];
    for (const layer of slot) {
      if (!same(layer.attachment, top)) {
        const where = `expected the layer to attach at ${amountText(top)}, where ${below} is used up (${how}), got ${amountText(layer.attachment)}`;
        const message =
          layer.attachment > top
            ? `${where}: a gap of ${amountText(layer.attachment - top)} between ${below} and "${layer.name}" that the insured would retain`
            : `${where}: an overlap of ${amountText(Math.min(top, layer.top) - layer.attachment)} that ${below} and "${layer.name}" would both pay`;
        issues.push({ path: ['insurance', 'layers', layer.index, 'attachment'], message });
      }
    }
    if (slot.length > 1) {
      for (const layer of slot.slice(1)) {
        if (layer.coinsurance !== first.coinsurance) {
          issues.push({
            path: ['insurance', 'layers', layer.index, 'coinsurance'],
            message: `expected the coinsurance of "${first.name}" (${first.coinsurance}), a participation in the same layer ${amountText(first.limit)} xs ${amountText(first.attachment)}, got ${layer.coinsurance}`,
          });
        }
      }
      const total = slot.reduce((sum, layer) => sum + layer.share, 0);
      if (total > 1 + AMOUNT_TOLERANCE) {
        const last = slot[slot.length - 1]!;
        issues.push({
          path: ['insurance', 'layers', last.index, 'share'],
          message: `expected the shares of the participations in the layer ${amountText(first.limit)} xs ${amountText(first.attachment)} over "${name}" (${slot.map((layer) => `"${layer.name}" ${layer.share}`).join(', ')}) to sum to at most 1, got ${round(total)} (${round(total - 1)} over)`,
        });
      }
    }
    // The next layer attaches where this one is used up (the highest, should one sit inside another).
    const highest = slot.reduce((a, b) => (b.top > a.top ? b : a));
    if (highest.top > top) {
      top = highest.top;
      below = slot.length === 1 ? `"${highest.name}"` : `the layer of ${listed(slot.map((layer) => `"${layer.name}"`))}`;
      how = `attachment ${amountText(highest.attachment)} + limit ${amountText(highest.limit)}${highest.coinsurance > 0 ? ` / (1 − coinsurance ${highest.coinsurance})` : ''}`;
    }
  }
  return issues;
}

/** Whether two amounts are equal within the relative tolerance. */
function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= AMOUNT_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** The value as an amount the schema accepts (a number ≥ 0), or undefined. */
function nonNegative(value: unknown): number | undefined {
  const number = asNumber(value);
  return number !== undefined && number >= 0 ? number : undefined;
}

/** The value as a number above 0, or undefined. */
function positive(value: unknown): number | undefined {
  const number = asNumber(value);
  return number !== undefined && number > 0 ? number : undefined;
}

/** The value as a share from 0 to 1, or undefined. */
function fraction(value: unknown): number | undefined {
  const number = asNumber(value);
  return number !== undefined && number >= 0 && number <= 1 ? number : undefined;
}

/** "a", "a and b", "a, b and c". */
function listed(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A sum for a message: six significant digits. */
function round(value: number): string {
  return String(Number(value.toPrecision(6)));
}
