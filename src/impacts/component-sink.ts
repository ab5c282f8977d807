import type { Incident } from '../incidents/incident.ts';
import type { MarketModel } from '../market/market-model.ts';
import type { CoverageTag } from '../scenario/schema/coverage.ts';
import type { LossComponent } from './loss-component.ts';

/**
 * Collects one trial's loss components, dropping zero amounts, and splits amounts that fall on
 * sellers across their segments.
 */
export class ComponentSink {
  readonly components: LossComponent[] = [];

  constructor(private readonly market: MarketModel | undefined) {}

  /** Adds a component if its amount is positive; returns the amount added (0 when none). */
  add(incident: Incident, kind: string, amount: number, sufferer: string, coverage: CoverageTag): number {
    if (!(amount > 0)) return 0;
    this.components.push({ incident, kind, amount, sufferer, coverage });
    return amount;
  }

  /**
   * Adds a component per seller segment: the named segment alone, or every segment with
   * `amountFor(segment)` (e.g. its share of lost GMV times its margin).
   */
  addToSellers(incident: Incident, kind: string, segment: string | undefined, amountFor: (segment: { gmvShare: number; margin: number }) => number, coverage: CoverageTag): void {
    for (const model of this.market?.segments ?? []) {
      if (segment !== undefined && model.name !== segment) continue;
      this.add(incident, kind, amountFor(model), model.bearer, coverage);
    }
  }
}
