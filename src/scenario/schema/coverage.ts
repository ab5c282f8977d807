import { z } from 'zod';
import { COVERAGE_TAGS } from '../vocabulary.ts';

export { COVERAGE_TAGS, type CoverageTag } from '../vocabulary.ts';

/** Schema of a coverage tag field. */
export const coverageTagSchema = z.enum(COVERAGE_TAGS).meta({
  description: `Coverage tag of the loss, matched against insurance policies' \`covers\`: one of ${COVERAGE_TAGS.join(', ')}.`,
});
