/**
 * The words of Faultline's outputs, each with a short definition in the project's terms (MODEL
 * §2–§10): what `faultline explain --glossary` prints and the report page's Glossary section
 * shows, and what the page links each term's first use to.
 */

/** One term of the glossary. */
export interface GlossaryEntry {
  /** Anchor and key: `tvar-99` (the page's anchor is `glossary-tvar-99`). */
  id: string;
  /** The term as the outputs write it. */
  term: string;
  /** Other spellings the outputs use for it. */
  aliases?: readonly string[];
  definition: string;
}

/** The glossary, in reading order: from a simulated year through who pays to the statistics. */
export const GLOSSARY: readonly GlossaryEntry[] = [
  {
    id: 'trial',
    term: 'trial',
    aliases: ['simulated year'],
    definition: 'One simulated policy year: its incidents, their losses, who carries them and what insurance pays back. A run simulates many trials and summarises them.',
  },
  {
    id: 'draw',
    term: 'draw',
    definition:
      'A random number between 0 and 1 that decided something in a trial, such as whether a party was negligent or a debtor could pay: the finding holds when the draw is below the chance the scenario gives it.',
  },
  {
    id: 'common-random-numbers',
    term: 'common random numbers',
    definition: 'Every strategy of a run replays the same trials with the same draws, so two strategies differ only where their choices differ; this keeps the noise in their difference small.',
  },
  {
    id: 'strategy',
    term: 'strategy',
    definition: 'One variant of the scenario (other insurance, mitigations, contract terms), run on the same trials as the baseline, the scenario as written.',
  },
  {
    id: 'incident',
    term: 'incident',
    definition: 'Something that goes wrong in a trial: an outage, a bug, a breach, a seller’s misconduct, a loss event. One incident can start another (a trigger).',
  },
  {
    id: 'occurrence',
    term: 'occurrence',
    definition: 'What an insurance policy applies its per-occurrence terms to: one incident, or with related_incidents: one_occurrence a whole chain of incidents that started one another.',
  },
  {
    id: 'party',
    term: 'party',
    aliases: ['bearer'],
    definition: 'Someone who can end up carrying a loss: buyers, a seller segment, the platform, a processor, a vendor, the card issuers, or an insurer (insurer:<policy>).',
  },
  {
    id: 'ground-up',
    term: 'ground-up loss',
    aliases: ['ground-up', 'suffered'],
    definition: 'A loss as the incident first causes it, to whoever suffers it, before any claim, contract or insurance moves it.',
  },
  {
    id: 'liability',
    term: 'liability',
    definition: 'The rules that decide who finally carries each ground-up loss: fault, negligence, contract, statute, dispute and solvency, in that order; each step is written to the loss’s trail.',
  },
  {
    id: 'trail',
    term: 'trail',
    definition: 'The list of rule decisions that moved a loss, each with its reason and, when chance decided it, its draw.',
  },
  {
    id: 'negligence',
    term: 'negligence',
    definition:
      'Whether the party at fault breached its duty of care: found when the incident’s draw is below a chance that falls as the party’s security posture rises. Gross negligence comes from the same draw, less often, and voids some contract terms.',
  },
  {
    id: 'contract',
    term: 'contract',
    aliases: ['indemnity'],
    definition:
      'The terms that move a loss by agreement: service credits, liability caps, the exclusion of lost profits, force majeure, the buyer guarantee, and an indemnity (a promise by one party to pay another’s costs).',
  },
  {
    id: 'recovery',
    term: 'recovery',
    aliases: ['subrogation'],
    definition:
      'Getting back what was paid for someone else: the platform tries to recover what the buyer guarantee paid from the seller at fault; an insurance recovery is what a policy pays its insured.',
  },
  {
    id: 'carried',
    term: 'carried',
    definition: 'What a party carries after liability, before insurance: credits and transfers it received count as negative.',
  },
  {
    id: 'net',
    term: 'net loss',
    aliases: ['net'],
    definition:
      'What a party finally carries after liability and insurance: carried, minus what its policies paid it, plus what it paid as an insurer. The key figures and tables are of annual net loss.',
  },
  {
    id: 'premium',
    term: 'premium',
    definition: 'What the insured pays for a policy each year; it enters the loss ratio and the total cost of risk, not the annual net loss.',
  },
  {
    id: 'retention',
    term: 'retention',
    definition: 'The first part of each occurrence’s loss that the insured keeps before a policy pays (a deductible).',
  },
  {
    id: 'limit',
    term: 'limit',
    definition: 'The most a policy or layer pays for one occurrence.',
  },
  {
    id: 'aggregate',
    term: 'aggregate limit',
    aliases: ['aggregate'],
    definition: 'The most a policy or layer pays in one year over all occurrences; once used up, it pays nothing more that year.',
  },
  {
    id: 'layer',
    term: 'layer',
    aliases: ['excess layer'],
    definition: 'Insurance that sits over a policy and pays only the part of an occurrence’s loss above its attachment, up to its limit.',
  },
  {
    id: 'attachment',
    term: 'attachment',
    aliases: ['xs'],
    definition: '“Limit xs attachment” (excess of): a layer starts to pay once the occurrence’s loss passes its attachment, and pays at most its limit above that.',
  },
  {
    id: 'coinsurance',
    term: 'coinsurance',
    definition: 'The share of the loss above the retention that the insured keeps itself.',
  },
  {
    id: 'share',
    term: 'share',
    definition: 'The insurer’s part of a policy or layer, when several insurers split it: it pays that share of what the terms allow.',
  },
  {
    id: 'loss-ratio',
    term: 'loss ratio',
    definition: 'Expected loss to the insurer divided by the premium: above 100% the insurer expects to pay out more than it takes in.',
  },
  {
    id: 'p-attach',
    term: 'P(attach)',
    aliases: ['P(exhaust)'],
    definition: 'The share of simulated years in which a policy or layer pays anything (attaches), and in which it pays its whole aggregate limit (exhausts).',
  },
  {
    id: 'mean',
    term: 'mean annual loss',
    aliases: ['mean'],
    definition: 'The average of a party’s annual net loss over all trials.',
  },
  {
    id: 'standard-error',
    term: 'standard error',
    aliases: ['SE'],
    definition:
      'How far a mean from this many trials may be from the mean of infinitely many: about the standard deviation over the square root of the trials. A difference within ±1.96 SE is within noise.',
  },
  {
    id: 'quantile',
    term: 'quantile',
    aliases: ['p50', 'p90', 'p99', 'percentile'],
    definition: 'p99 is the annual loss that 99% of simulated years do not exceed (the value at risk at 99%); p50 is the median year.',
  },
  {
    id: 'return-period',
    term: 'return period',
    aliases: ['1-in-100-year loss'],
    definition: 'A loss with return period R years is exceeded in 1 year in R on average: the 1-in-100-year loss is the p99.',
  },
  {
    id: 'exceedance-probability',
    term: 'exceedance probability',
    definition: 'The chance that a year’s loss exceeds a given amount; an exceedance curve draws it for every amount.',
  },
  {
    id: 'aep',
    term: 'AEP',
    definition: 'Aggregate exceedance probability: the chance that a year’s total loss exceeds an amount.',
  },
  {
    id: 'oep',
    term: 'OEP',
    definition: 'Occurrence exceedance probability: the chance that a year’s largest single occurrence exceeds an amount.',
  },
  {
    id: 'tvar-99',
    term: 'TVaR 99',
    aliases: ['TVaR'],
    definition: 'Tail value at risk: the mean of the worst 1% of simulated years, so it says how bad the bad years are, not only where they start (p99).',
  },
  {
    id: 'total-cost-of-risk',
    term: 'total cost of risk',
    definition: 'A party’s mean retained loss plus its premiums plus its mitigation costs, per year: what a strategy costs it on average.',
  },
];

/** The glossary entry with this id. */
export function glossaryEntry(id: string): GlossaryEntry | undefined {
  return GLOSSARY.find((entry) => entry.id === id);
}

/**
 * The glossary as plain text for a terminal: each term (with its other spellings) and its
 * definition indented below it.
 */
export function glossaryText(): string {
  const lines = ['Faultline glossary: the words of its outputs', ''];
  for (const entry of GLOSSARY) {
    lines.push(entry.aliases && entry.aliases.length > 0 ? `${entry.term} (also: ${entry.aliases.join(', ')})` : entry.term);
    lines.push(...wrap(entry.definition, 96).map((line) => `  ${line}`), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The glossary as JSON: `{ "terms": [{ id, term, aliases, definition }, …] }`. */
export function glossaryJson(): string {
  return `${JSON.stringify({ terms: GLOSSARY.map((entry) => ({ id: entry.id, term: entry.term, aliases: entry.aliases ?? [], definition: entry.definition })) }, null, 2)}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
