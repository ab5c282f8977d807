import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { CountDistribution, SeverityDistribution } from '../../src/random/distribution-spec.ts';
import type { countDistributionSchema, severityDistributionSchema } from '../../src/scenario/schema/distribution-schema.ts';

// Checked by the type check (tsc --noEmit, test/setup/typecheck.test.ts): the samplers' types
// and the scenario schema's must describe the same distributions.
describe('the distributions random/ draws from', () => {
  it('are the severity distributions the scenario schema validates', () => {
    expectTypeOf<SeverityDistribution>().toEqualTypeOf<z.infer<typeof severityDistributionSchema>>();
  });

  it('are the count distributions the scenario schema validates', () => {
    expectTypeOf<CountDistribution>().toEqualTypeOf<z.infer<typeof countDistributionSchema>>();
  });
});
