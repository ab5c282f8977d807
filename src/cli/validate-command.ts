import type { InputIssue } from '../errors.ts';
import { loadScenarioInto, throwIfIssues } from './input-issues.ts';
import { cliStdout } from './cli-streams.ts';

/** `faultline validate <files...>`: checks scenario files and reports every problem in each. */
export function validateCommand(files: string[]): void {
  const issues: InputIssue[] = [];
  for (const file of files) {
    const loaded = loadScenarioInto(file, issues);
    if (!loaded) continue;
    const { incidents, inject, mitigations } = loaded.scenario;
    const parts = [
      plural(incidents.length, 'incident definition'),
      ...(inject.length > 0 ? [plural(inject.length, 'injection')] : []),
      ...(mitigations.length > 0 ? [plural(mitigations.length, 'mitigation')] : []),
    ];
    cliStdout().write(`ok ${file} (${loaded.scenario.name}: ${parts.join(', ')})\n`);
  }
  throwIfIssues(issues);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
