import type { StrategyVerdict, VerdictBreach, VerdictPair, VerdictStrategy } from '../stats/strategy-verdict.ts';
import { formatWhole } from './format-amount.ts';

/** The verdict in words: its sentences, then a table of every strategy against the baseline. */
export interface VerdictText {
  sentences: string[];
  /** What the table compares with: `Against baseline (differences ± one paired SE):`. */
  caption: string;
  header: string[];
  rows: string[][];
}

/**
 * Words the verdict of a run (verdict.json) for a person: the terminal prints them after the
 * summary table and report.html shows them in its comparison section, the same text in both.
 *
 * @example
 * verdictText(verdict, 'USD').sentences[0];
 * // 'Lowest total cost of risk within the platform's risk tolerance: more-cyber, USD 4,076,643 a year; …'
 */
export function verdictText(verdict: StrategyVerdict, currency: string): VerdictText {
  const money = (amount: number) => `${currency} ${formatWhole(amount)}`;
  const se = (amount: number) => formatWhole(amount);
  const capital = verdict.capital;
  const capitalText = capital ? `capital at ${percent(capital.rate)} a year of ${capital.on === 'tvar_99' ? 'TVaR 99' : 'TVaR 99 over the mean'} included` : '';
  const sentences: string[] = [];
  const recommended = verdict.strategies.find((row) => row.strategy === verdict.recommended);
  if (recommended) {
    const scope = verdict.tolerance ? `within the ${verdict.bearer}'s risk tolerance` : `for the ${verdict.bearer}`;
    const head = `Lowest total cost of risk ${scope}${capital ? ` (${capitalText})` : ''}: ${recommended.strategy}, ${money(capital ? recommended.total_with_capital : recommended.total_cost_of_risk)} a year`;
    sentences.push(`${head}${leadText(verdict, money, se)}.`);
  } else if (verdict.smallest_breach) {
    const least = verdict.smallest_breach;
    sentences.push(`No strategy keeps the ${verdict.bearer} within its risk tolerance; the smallest breach is ${least.strategy}'s: ${breachText(least, money)}.`);
  }
  const cheapest = verdict.cheapest_in_mean;
  if (cheapest) {
    const row = verdict.strategies.find((entry) => entry.strategy === cheapest.strategy)!;
    const saving = `${cheapest.strategy} costs ${money(cheapest.cost.difference)} a year less in total cost of risk (± ${se(cheapest.cost.se)} paired SE)`;
    const tvar = cheapest.tvar_99;
    const tvarText = `TVaR 99 ${money(Math.abs(tvar.difference))} ${tvar.difference >= 0 ? 'higher' : 'lower'} (± ${se(tvar.se)} paired SE${tvar.significant ? '' : ', within noise'})`;
    const reasons = [
      ...(cheapest.within_tolerance === false && row.worst_breach ? [`outside the risk tolerance (${breachText(row.worst_breach, money)})`] : []),
      ...(tvar.difference > 0 ? [tvarText] : []),
    ];
    sentences.push(reasons.length > 0 ? `${saving} but is riskier than ${verdict.recommended}: ${reasons.join('; ')}.` : `${saving} but more once capital is charged; its ${tvarText}.`);
  }
  const withCapital = capital !== null;
  const header = [
    'strategy',
    'total cost of risk',
    'vs baseline ± SE',
    ...(withCapital ? ['with capital', 'vs baseline ± SE'] : []),
    'TVaR 99',
    'vs baseline ± SE',
    ...(verdict.tolerance ? ['risk tolerance'] : []),
  ];
  const signed = (amount: number, error: number) => `${amount > 0 ? '+' : ''}${formatWhole(amount)} ± ${se(error)}`;
  const rows = verdict.strategies.map((row) => [
    row.strategy,
    money(row.total_cost_of_risk),
    signed(row.difference, row.se_difference),
    ...(withCapital ? [money(row.total_with_capital), signed(row.difference_with_capital, row.se_difference_with_capital)] : []),
    money(row.tvar_99),
    signed(row.tvar_99_difference, row.se_tvar_99_difference),
    ...(verdict.tolerance ? [toleranceCell(row, money)] : []),
  ]);
  return { sentences, caption: `Against ${verdict.baseline} (a year; differences ± one paired SE):`, header, rows };
}

/** `; USD 41,000 below more-cyber (± 9,000 paired SE): a significant lead (more than 1.96 SE)`. */
function leadText(verdict: StrategyVerdict, money: (amount: number) => string, se: (amount: number) => string): string {
  const runnerUp: VerdictPair | null = verdict.runner_up;
  if (!runnerUp) return verdict.tolerance ? '; the only strategy within tolerance' : '';
  if (runnerUp.difference === 0 && runnerUp.se === 0) return `; ${runnerUp.strategy} costs exactly the same on every simulated year`;
  const lead = `${money(runnerUp.difference)} below ${runnerUp.strategy} (± ${se(runnerUp.se)} paired SE)`;
  return `; ${lead}: ${runnerUp.significant ? 'a significant lead (more than 1.96 SE)' : 'within noise: more trials are needed to tell them apart'}`;
}

/**
 * `a loss above USD 20,000,000 in 1,094 of 200,000 years (0.547%), at most 0.5% acceptable`, and
 * `, within noise of the limit` when the share is within 1.96 binomial SEs of it.
 */
function breachText(breach: VerdictBreach, money: (amount: number) => string): string {
  const noise = breach.within_noise ? ', within noise of the limit' : '';
  return `a loss above ${money(breach.loss)} in ${formatWhole(breach.years_exceeding)} of ${formatWhole(breach.trials)} years (${percent(breach.simulated)}), at most ${percent(breach.acceptable)} acceptable${noise}`;
}

/** `within`, `within (near a limit: more trials to be sure)` or `breached: …`. */
function toleranceCell(row: VerdictStrategy, money: (amount: number) => string): string {
  if (row.worst_breach) return `breached: ${breachText(row.worst_breach, money)}`;
  return row.tolerance_within_noise ? 'within (near a limit: more trials to be sure)' : 'within';
}

/** A probability or rate as a percentage with up to three significant digits: `0.547%`, `8%`. */
function percent(share: number): string {
  return `${Number((share * 100).toPrecision(3))}%`;
}
