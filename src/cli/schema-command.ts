import type { Command } from 'commander';
import { writeTextFileAtomic } from '../report/report-staging.ts';
import { scenarioJsonSchemaText } from '../scenario/json-schema.ts';
import { cliStdout } from './cli-streams.ts';

/** `faultline schema [--write FILE]`: prints (or writes) the scenario JSON Schema. */
export function addSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors and validators)')
    .option('--write <file>', 'write it to a file instead of printing it')
    .action((options: { write?: string }) => {
      const text = scenarioJsonSchemaText();
      if (options.write) writeTextFileAtomic(options.write, text);
      else cliStdout().write(text);
    });
}
