import type { RandomStream } from '../random/random-stream.ts';
import type { TrailStep } from './allocation.ts';
import type { DisputeChannel } from './liability-model.ts';

/** How a contested claim ended: the share paid, each side's legal costs, and the steps taken. */
export interface Settlement {
  channel: DisputeChannel['name'];
  share: number;
  claimantCosts: number;
  defendantCosts: number;
  trail: TrailStep[];
}

/**
 * Resolves a contested claim (MODEL §8 step 5): one draw picks the channel by its probability,
 * then the channel's settlement share (all of the claim by default, clamped to [0, 1]) and each
 * side's legal costs are drawn, in that order, from the incident's dispute generator.
 */
export function resolveDispute(random: RandomStream, channels: readonly DisputeChannel[]): Settlement {
  const draw = random();
  let cumulative = 0;
  let chosen = channels[channels.length - 1]!;
  for (const channel of channels) {
    cumulative += channel.probability;
    if (draw < cumulative) {
      chosen = channel;
      break;
    }
  }
  const share = chosen.settlement ? Math.min(1, Math.max(0, chosen.settlement(random))) : 1;
  const claimantCosts = Math.max(0, chosen.claimantCosts?.(random) ?? 0);
  const defendantCosts = Math.max(0, chosen.defendantCosts?.(random) ?? 0);
  return {
    channel: chosen.name,
    share,
    claimantCosts,
    defendantCosts,
    trail: [{ rule: 'dispute', reason: `settled_in_${chosen.name}`, draw, share }],
  };
}
