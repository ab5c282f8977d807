import { simulateTrial } from '../engine/simulate-chunk.ts';
import { runSimulation } from '../engine/run-simulation.ts';
import { compileModel, type SimulationModel } from '../engine/simulation-model.ts';
import type { InputIssue } from '../errors.ts';
import { explanationText } from '../report/explain-text.ts';
import { explainYear } from '../report/explain-year.ts';
import type { TrialSelection } from '../report/year-explanation.ts';
import type { LoadedScenario } from '../scenario/load-scenario.ts';
import { loadScenarioInto, validOrThrow } from './input-issues.ts';
import { selectPercentileYear } from '../report/explain-year.ts';
import { parseSeedFlag, parseWholeNumberFlag, parseWorkersFlag } from './parse-flags.ts';
import { createProgressBar } from './progress-bar.ts';
import { listenForInterruption } from './interruption.ts';
import { cliStdout, cliStderr } from './cli-streams.ts';
import { warnLine } from './chunk-runners.ts';

export interface ExplainFlags {
  trial?: string;
  strategy?: string;
  format?: string;
  trials?: string;
  seed?: string;
  workers?: string;
}

const FORMATS = ['text', 'json'] as const;
/** The largest trial number or count accepted, as `run --trials` accepts. */
const MAX_TRIALS = 100_000_000;
/** Without `--trial`, the year at this quantile of the chosen bearer's annual loss is explained. */

export async function explainCommand(file: string, flags: ExplainFlags): Promise<void> {
  const issues: InputIssue[] = [];
  const trialsFlag = parseWholeNumberFlag('--trials', flags.trials, { min: 1, max: MAX_TRIALS }, issues);
  const trialFlag = parseWholeNumberFlag('--trial', flags.trial, { min: 1, max: trialsFlag ?? MAX_TRIALS }, issues);
  const workers = parseWorkersFlag(flags.workers, issues, warnLine);
  const seedFlag = parseSeedFlag(flags.seed, issues);
  const format = flags.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) issues.push({ path: '--format', message: `expected ${FORMATS.join(' or ')}, got ${JSON.stringify(format)}` });

  const maybeLoaded = loadScenarioInto(file, issues);
  const seed = seedFlag ?? maybeLoaded?.scenario.seed ?? 1;
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
    const chosen = await choosePercentileTrial(loaded, model, { trials, seed, workers, strategy });
    trial = chosen.trial;
    selection = chosen.selection;
  }
  const record = simulateTrial(model, trial, strategy);
  const explanation = explainYear(record, { model, seed, ...(trials !== undefined ? { trials } : {}), selection });
  cliStdout().write(format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : explanationText(explanation));
}

/** Runs the scenario's trials and picks the year `selectPercentileYear` picks. */
async function choosePercentileTrial(
  loaded: LoadedScenario,
  model: SimulationModel,
  run: { trials: number; seed: number | string; workers: number; strategy: number },
): Promise<{ trial: number; selection: TrialSelection }> {
  const progress = createProgressBar(cliStderr(), run.trials, { enabled: true, label: 'choosing a year' });
  const interruption = listenForInterruption();
  try {
    const table = await runSimulation(loaded.scenario, {
      trials: run.trials,
      seed: run.seed,
      workers: run.workers,
      onProgress: (done) => progress.update(done),
      signal: interruption.signal,
    });
    return selectPercentileYear(table, run.strategy);
  } finally {
    progress.finish();
    interruption.release();
  }
}
