import { simulateTrial } from '../engine/simulate-chunk.ts';
import { DEFAULT_SEED } from '../scenario/schema/scenario-schema.ts';
import { compileModel } from '../engine/simulation-model.ts';
import { UsageError, type InputIssue } from '../errors.ts';
import { glossaryJson, glossaryText } from '../report/glossary.ts';
import { explanationText } from '../report/explain-text.ts';
import { explainYear } from '../report/explain-year.ts';
import type { TrialSelection } from '../report/year-explanation.ts';
import { choosePercentileYear } from '../run/choose-percentile-year.ts';
import type { LoadedScenario } from '../scenario/load-scenario.ts';
import { loadScenarioInto, throwIfIssues, validOrThrow } from './input-issues.ts';
import { parseSeedFlag, parseWholeNumberFlag, parseWorkersFlag } from './parse-flags.ts';
import { createProgressBar } from './progress-bar.ts';
import { listenForInterruption } from './interruption.ts';
import { cliStdout, cliStderr, warnLine } from './cli-streams.ts';

export interface ExplainFlags {
  trial?: string;
  strategy?: string;
  format?: string;
  trials?: string;
  seed?: string;
  workers?: string;
  /** Run --workers above the cores anyway (they are capped at the cores otherwise). */
  oversubscribe?: boolean;
  glossary?: boolean;
}

const FORMATS = ['text', 'json'] as const;
/** The largest trial number or count accepted, as `run --trials` accepts. */
const MAX_TRIALS = 100_000_000;

/** The flags that choose or explain a year, which `--glossary` does not take. */
const YEAR_FLAGS = ['trial', 'strategy', 'trials', 'seed', 'workers'] as const;

/**
 * `faultline explain <scenario>`: one simulated year, explained, as text or JSON; with
 * `--glossary` and no scenario, the glossary of the outputs' terms.
 */
export async function explainCommand(file: string | undefined, flags: ExplainFlags): Promise<void> {
  if (flags.glossary) return printGlossary(file, flags);
  if (file === undefined) throw new UsageError([{ path: '<scenario>', message: 'expected a scenario file to explain a year of (or --glossary for the glossary), got none' }]);
  const issues: InputIssue[] = [];
  const trialsFlag = parseWholeNumberFlag('--trials', flags.trials, { min: 1, max: MAX_TRIALS }, issues);
  const trialFlag = parseWholeNumberFlag('--trial', flags.trial, { min: 1, max: trialsFlag ?? MAX_TRIALS }, issues);
  const workers = parseWorkersFlag(flags.workers, issues, warnLine, undefined, flags.oversubscribe);
  const seedFlag = parseSeedFlag(flags.seed, issues);
  const format = flags.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) issues.push({ path: '--format', message: `expected ${FORMATS.join(' or ')}, got ${JSON.stringify(format)}` });

  const maybeLoaded = loadScenarioInto(file, issues);
  const seed = seedFlag ?? maybeLoaded?.scenario.seed ?? DEFAULT_SEED;
  const maybeModel = maybeLoaded ? compileModel(maybeLoaded.scenario, seed) : undefined;
  const strategyName = flags.strategy ?? maybeModel?.strategies[0];
  const strategy = maybeModel && strategyName !== undefined ? maybeModel.strategies.indexOf(strategyName) : -1;
  if (maybeModel && strategy < 0) {
    issues.push({ path: '--strategy', message: `expected one of ${maybeModel.strategies.join(', ')}, got ${JSON.stringify(flags.strategy)}` });
  }
  const { loaded, model } = validOrThrow(issues, maybeLoaded && maybeModel ? { loaded: maybeLoaded, model: maybeModel } : undefined);

  let trial = trialFlag;
  let selection: TrialSelection = { method: 'given' };
  let trials = trialsFlag;
  if (trial === undefined) {
    trials ??= loaded.scenario.trials;
    const chosen = await choosePercentileTrial(loaded, { trials, seed, workers, strategy });
    trial = chosen.trial;
    selection = chosen.selection;
  }
  const record = simulateTrial(model, trial, strategy);
  const explanation = explainYear(record, { model, seed, ...(trials !== undefined ? { trials } : {}), selection });
  cliStdout().write(format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : explanationText(explanation));
}

/** Prints the glossary, as text or JSON; a scenario or a flag of a year alongside it is a usage error. */
function printGlossary(file: string | undefined, flags: ExplainFlags): void {
  const issues: InputIssue[] = [];
  if (file !== undefined) issues.push({ path: '--glossary', message: `expected no scenario (the glossary is the same for all), got ${JSON.stringify(file)}` });
  for (const flag of YEAR_FLAGS) {
    if (flags[flag] !== undefined) issues.push({ path: '--glossary', message: `expected only --format beside it, got --${flag} (it chooses a year, and the glossary explains none)` });
  }
  const format = flags.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) issues.push({ path: '--format', message: `expected ${FORMATS.join(' or ')}, got ${JSON.stringify(format)}` });
  throwIfIssues(issues);
  cliStdout().write(format === 'json' ? glossaryJson() : glossaryText());
}

/** Chooses the percentile year of the scenario's trials, with a progress bar on a terminal; Ctrl-C stops the workers. */
async function choosePercentileTrial(loaded: LoadedScenario, run: { trials: number; seed: number | string; workers: number; strategy: number }): Promise<{ trial: number; selection: TrialSelection }> {
  const progress = createProgressBar(cliStderr(), run.trials, { enabled: true, label: 'choosing a year' });
  const interruption = listenForInterruption();
  try {
    return await choosePercentileYear(loaded, { ...run, onProgress: (done) => progress.update(done), signal: interruption.signal });
  } finally {
    progress.finish();
    interruption.release();
  }
}
