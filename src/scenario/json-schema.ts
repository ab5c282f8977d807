import { z } from 'zod';
import { scenarioSchema } from './schema/scenario-schema.ts';

/**
 * The JSON Schema of the scenario language, generated from the zod schema (the single source
 * of truth), with every field's description and default. Committed as `scenarios/schema.json`.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://faultline.dev/schema/scenario.json',
  };
}

/** The schema as the text written to `scenarios/schema.json`. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
