import { z } from 'zod';
import { severityDistributionSchema as severity } from './distribution-schema.ts';
import { amount, share } from './numbers.ts';

/** Unit costs of responding to a breach of personal data (DOMAIN §7). */
export const breachCostsSchema = z
  .strictObject({
    forensics_fixed: amount('Fixed forensic investigation cost per breach, in currency units.').default(50_000),
    forensics_per_day: amount('Forensic cost per day to contain, in currency units.').default(2_000),
    notification_per_record: amount('Cost of notifying one person, in currency units.').default(1),
    credit_monitoring_per_record: amount('Cost of credit monitoring for one person who takes it up.').default(10),
    credit_monitoring_uptake: share('Share of notified people who take up credit monitoring.').default(0.1),
    pci_per_card: amount('PCI assessment and card reissue cost per exposed payment card.').default(5),
    legal_defense: severity.optional().meta({ description: 'Legal defence cost when a fine or class action follows (default 0).' }),
  })
  .meta({ description: 'Unit costs of breach response: forensics, notification, monitoring, PCI, defence.' });

/** Regulators and courts: GDPR fines, CCPA statutory damages, other class actions. */
export const regulationSchema = z
  .strictObject({
    gdpr: z
      .strictObject({
        fine_probability: share('Probability that a breach exposing EU records draws a fine.').default(0.33),
        fine: severity.optional().meta({ description: 'Fine amount, capped at the ceiling (default 0: no fines).' }),
        ceiling_minimum: amount('Fixed part of the ceiling (€20M in Art. 83(5)), in scenario currency.').default(20_000_000),
        ceiling_turnover_share: share('Turnover part of the ceiling (4% in Art. 83(5)); the ceiling is the larger.').default(0.04),
      })
      .default({ fine_probability: 0.33, ceiling_minimum: 20_000_000, ceiling_turnover_share: 0.04 }),
    ccpa: z
      .strictObject({
        filing_probability: share('Probability that a breach exposing California records brings a class action.').default(0),
        statutory_damages: severity
          .optional()
          .meta({ description: 'Damages per California consumer per incident ($100–$750 by statute; default uniform 100–750).' }),
      })
      .default({ filing_probability: 0 }),
    other: z
      .strictObject({
        filing_probability: share('Probability that a breach brings a class action elsewhere.').default(0),
        settlement_per_record: severity.optional().meta({ description: 'Settlement per class member (default 0).' }),
      })
      .default({ filing_probability: 0 }),
  })
  .meta({ description: 'Fines and class actions that follow breaches of personal data.' });

/** Validated breach unit costs. */
export type BreachCosts = z.infer<typeof breachCostsSchema>;
/** Validated regulation settings. */
export type Regulation = z.infer<typeof regulationSchema>;
