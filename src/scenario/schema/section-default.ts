import type { z } from 'zod';

/**
 * A section's schema that takes, when the section is absent, the section with every field at its
 * own default: the defaults are written once, on the fields, and an absent section parses as an
 * empty one would (`breach_costs` absent is `breach_costs: {}`). The JSON Schema still shows the
 * whole default.
 *
 * @example withSectionDefault(z.strictObject({ base: share('…').default(0.5) })) // default { base: 0.5 }
 */
export function withSectionDefault<Section extends z.ZodType<object, object>>(section: Section): z.ZodDefault<Section> {
  return section.default(section.parse({}) as z.util.NoUndefined<z.output<Section>>);
}
