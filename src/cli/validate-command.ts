import type { Command } from 'commander';
import { InputError, type InputIssue } from '../errors.ts';
import { loadScenario } from '../scenario/load-scenario.ts';

/** `faultline validate <files...>`: checks scenario files and reports every problem in each. */
export function addValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check scenario files without running them; lists every problem found')
    .argument('<files...>', 'scenario files (YAML or JSON)')
    .action((files: string[]) => {
      const issues: InputIssue[] = [];
      for (const file of files) {
        try {
          const loaded = loadScenario(file);
          const count = loaded.scenario.incidents.length;
          const { inject, mitigations } = loaded.scenario;
          const parts = [
            plural(count, 'incident definition'),
            ...(inject.length > 0 ? [plural(inject.length, 'injection')] : []),
            ...(mitigations.length > 0 ? [plural(mitigations.length, 'mitigation')] : []),
          ];
          process.stdout.write(`ok ${file} (${loaded.scenario.name}: ${parts.join(', ')})\n`);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          issues.push(...error.issues);
        }
      }
      if (issues.length > 0) throw new InputError(issues);
    });
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
