import type { PolicyYear } from '../calendar/policy-year.ts';
import type { Incident } from './incident.ts';

/** Draws one definition's incidents for one trial; appends them to `into`. */
export type IncidentGenerator = (trial: number, year: PolicyYear, into: Incident[]) => void;
