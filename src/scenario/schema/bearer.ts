import { z } from 'zod';
import { NAME_PATTERN } from './names.ts';

/**
 * Bearers: who carries a loss. `sellers:<segment>`, `processor:<name>` and `insurer:<policy>`
 * name a seller segment, a processor or a policy defined in the scenario.
 */
export const BEARER_PATTERN = new RegExp(`^(buyers|sellers|platform|(sellers|processor):${NAME_PATTERN.source.slice(1, -1)})$`);

/** A party that can be made to carry a loss in a scenario file (insurers only arise from policies). */
export type BearerName = string;

/** Schema of a bearer field such as a `loss_event`'s `bearer`. */
export const bearerSchema = z
  .string()
  .regex(BEARER_PATTERN, {
    error: (issue) =>
      `expected buyers, sellers, platform, sellers:<segment> or processor:<name>, got ${JSON.stringify(issue.input)}`,
  })
  .meta({
    description:
      'Who carries the loss: `buyers`, `sellers`, `platform`, `sellers:<segment>` or `processor:<name>`.',
    examples: ['platform', 'sellers', 'processor:payments'],
  });
