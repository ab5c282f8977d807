import { writeTextFileAtomic } from '../report/report-staging.ts';
import { scenarioJsonSchemaText } from '../scenario/json-schema.ts';
import { cliStdout } from './cli-streams.ts';

/** `faultline schema [--write FILE]`: prints (or writes) the scenario JSON Schema. */
export function schemaCommand(options: { write?: string }): void {
  const text = scenarioJsonSchemaText();
  if (options.write) writeTextFileAtomic(options.write, text);
  else cliStdout().write(text);
}
