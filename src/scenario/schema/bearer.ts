import { z } from 'zod';
import { describeInput } from './describe-input.ts';
import { MAX_NAME_LENGTH, NAME_PATTERN, tooLongError } from './names.ts';

/**
 * Bearers: who carries a loss. `sellers:<segment>`, `processor:<name>`, `vendor:<name>` and `insurer:<policy>`
 * name a seller segment, a processor, a vendor or a policy defined in the scenario.
 */
export const BEARER_PATTERN = new RegExp(`^(buyers|sellers|platform|(sellers|processor|vendor):${NAME_PATTERN.source.slice(1, -1)})$`);

/** The longest bearer: `processor:` and a name. */
export const MAX_BEARER_LENGTH = 'processor:'.length + MAX_NAME_LENGTH;

/** A party that can be made to carry a loss in a scenario file (insurers only arise from policies). */
export type BearerName = string;

/** Schema of a bearer field such as a `loss_event`'s `bearer`. */
export const bearerSchema = z
  .string()
  .max(MAX_BEARER_LENGTH, tooLongError('a bearer', MAX_BEARER_LENGTH))
  .regex(BEARER_PATTERN, {
    error: (issue) => `expected buyers, sellers, platform, sellers:<segment>, processor:<name> or vendor:<name>, got ${describeInput(issue.input)}`,
  })
  .meta({
    description: 'Who carries the loss: `buyers`, `sellers`, `platform`, `sellers:<segment>`, `processor:<name>` or `vendor:<name>`.',
    examples: ['platform', 'sellers', 'processor:payments'],
  });
