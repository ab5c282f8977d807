import { Command, CommanderError } from 'commander';
import { InputError, PartialFailure, SimulationError } from '../errors.ts';
import { VERSION } from '../version.ts';
import { cliStderr, cliStdout, withCliStreams, type CliStreams } from './cli-streams.ts';
import { addBatchCommand, addExplainCommand, addMergeCommand, addReportCommand, addRunCommand, addSchemaCommand, addSweepCommand, addValidateCommand, addWorkerCommand } from './commands.ts';

/** Exit codes: 0 success, 1 runtime failure, 2 bad input or usage. */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

const EXAMPLES = `
Examples:
  $ faultline run scenarios/marketplace.yaml
  $ faultline run scenarios/marketplace.yaml --trials 1000000 --seed 7 --out reports/big
  $ faultline report reports/marketplace
  $ faultline explain scenarios/marketplace.yaml --trial 42 --trials 2000
  $ faultline batch scenarios/ --trials 100000 --out reports/batch --resume
  $ faultline sweep scenarios/marketplace.yaml --set insurance.policies.platform-tech-eo.retention=100000,250000,1000000
  $ faultline run scenarios/marketplace.yaml --shard 2/4 --partial parts/2
  $ faultline merge parts/1 parts/2 parts/3 parts/4 --out reports/marketplace
  $ faultline worker --redis redis://127.0.0.1:6379
  $ faultline run scenarios/marketplace.yaml --redis redis://127.0.0.1:6379
  $ faultline validate scenarios/*.yaml
  $ faultline schema > schema.json

Exit codes: 0 success, 2 bad input or usage, 1 runtime failure.`;

/** Builds the commander program. */
export function createProgram(): Command {
  const program = new Command('faultline')
    .description('Simulate who pays when an online marketplace fails: incidents, liability, insurance.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces of errors')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run faultline --help for usage)')
    .exitOverride();
  // Help, version and usage errors go where the command's other output goes (captured in tests).
  const output = { writeOut: (text: string) => cliStdout().write(text), writeErr: (text: string) => cliStderr().write(text) };
  program.configureOutput(output);
  addRunCommand(program);
  addExplainCommand(program);
  addBatchCommand(program);
  addSweepCommand(program);
  addMergeCommand(program);
  addWorkerCommand(program);
  addReportCommand(program);
  addValidateCommand(program);
  addSchemaCommand(program);
  for (const command of program.commands) command.exitOverride().configureOutput(output);
  return program;
}

/**
 * Runs the CLI on `argv` (as `process.argv`: node, script, then the arguments) and returns the
 * exit code. It prints to `streams` (default: the process's stdout and stderr), so a test or a
 * program can run a command in-process and read what it said.
 */
export async function main(argv: readonly string[], streams?: CliStreams): Promise<number> {
  if (streams) return withCliStreams(streams, () => main(argv));
  const program = createProgram();
  try {
    await program.parseAsync(argv as string[]);
    return EXIT.ok;
  } catch (error) {
    return reportError(error, argv.includes('--debug'));
  }
}

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // commander has printed its own message; help and version are not failures.
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT.ok : EXIT.badInput;
  }
  if (error instanceof InputError) {
    cliStderr().write(`${error.message}\n`);
    const count = error.issues.length;
    if (count > 1) cliStderr().write(`${count} problems found.\n`);
    return EXIT.badInput;
  }
  if (error instanceof PartialFailure) {
    cliStderr().write(`faultline: ${error.message}\n`);
    return error.exitCode;
  }
  const failure = error instanceof Error ? error : new Error(String(error));
  const kind = failure instanceof SimulationError ? '' : 'unexpected error: ';
  cliStderr().write(`faultline: ${kind}${failure.message}\n`);
  if (debug && failure.stack) cliStderr().write(`${failure.stack}\n`);
  else if (!(failure instanceof SimulationError)) cliStderr().write('(run again with --debug for details)\n');
  return EXIT.failure;
}
