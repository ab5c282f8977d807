import { costsFactor, type DisputeChannel } from './liability-model.ts';

/** What a claimant expects of contesting a claim: its recovery and its own legal costs. */
export interface PursuitOutlook {
  expectedRecovery: number;
  expectedCost: number;
}

/**
 * Weighs a claim before it is contested (MODEL §13, `dispute.pursuit: rational`): the expected
 * recovery is the amount in dispute × the channels' expected settlement share (weighted by their
 * probabilities) × the defendant's solvency; the expected cost is the channels' expected claimant
 * costs, each scaled by (amount in dispute / n0)^b where the channel scales its costs.
 *
 * @example weighPursuit(liability.channels, 40_000, 1) // { expectedRecovery: 40000, expectedCost: 25000 }
 */
export function weighPursuit(channels: readonly DisputeChannel[], amountInDispute: number, solvency: number): PursuitOutlook {
  let share = 0;
  let expectedCost = 0;
  for (const channel of channels) {
    if (!(channel.probability > 0)) continue;
    share += channel.probability * channel.expectedShare;
    expectedCost += channel.probability * channel.expectedClaimantCosts * costsFactor(channel.costsScale, amountInDispute);
  }
  return { expectedRecovery: amountInDispute * share * solvency, expectedCost };
}
