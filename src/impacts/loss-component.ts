import type { Incident, IncidentTrial } from '../incidents/incident.ts';
import type { CoverageTag } from '../scenario/schema/coverage.ts';

/** A ground-up loss component: what an incident cost one party, before anyone else pays. */
export interface LossComponent {
  incident: Incident;
  /** What the loss is, e.g. `loss_event`, `forensics`, `seller_lost_margin`. */
  kind: string;
  /** Amount in currency units. */
  amount: number;
  /** The party that suffered the loss in the first place. */
  sufferer: string;
  coverage: CoverageTag;
}

/** A trial after the impact stage: the ground-up components of its incidents, in time order. */
export interface ImpactedTrial extends IncidentTrial {
  components: LossComponent[];
}
