import type { LossComponent } from '../impacts/loss-component.ts';
import type { Incident } from '../incidents/incident.ts';
import type { MarketModel } from '../market/market-model.ts';
import type { RandomStream } from '../random/random-stream.ts';
import type { Allocation, TrailStep } from './allocation.ts';
import { costsFactor, type LiabilityModel } from './liability-model.ts';
import { resolveDispute, type Settlement } from './resolve-dispute.ts';
import { weighPursuit } from './weigh-pursuit.ts';
import { guaranteePayment } from './buyer-guarantee.ts';

/** The draws of a book before its first incident begins: none. */
const NO_DRAWS = (): RandomStream => {
  throw new Error('ClaimBook: begin() an incident before drawing');
};

/** A claim whose dispute is drawn, booked at the end of the incident (ClaimBook.close). */
interface PendingClaim {
  defendant: string;
  settlement: Settlement;
  /** The defendant's probability of paying (1 unless it can be insolvent). */
  solvency: number;
  /** What its components claim in all, before the cap. */
  claimed: number;
  /** The cap left when the claim was first made (Infinity when none binds). */
  cap: number;
  /** Its components in order: what is paid of each, its trail up to the dispute, and the dispute's steps. */
  entries: { component: LossComponent; paid: number; before: TrailStep[]; dispute: TrailStep[] }[];
}

/** A licensee's claim on a vendor's indemnity for a component, booked at the end of the incident (ClaimBook.close). */
export interface IndemnityClaim {
  /** Who answered to the sufferer for the vendor (`platform` or `sellers:<segment>`). */
  licensee: string;
  /** `vendor:<name>`. */
  vendor: string;
  /** The indemnity's cap for this licensee (Infinity when uncapped or void), shared under `capKey`. */
  capKey: string;
  cap: number;
  solvency: number;
  /** The step that refuses the indemnity (it requires negligence the vendor was not found to have). */
  refused?: TrailStep;
}

/**
 * Books a trial's allocations, one incident at a time (begin … close), as the rules decide them: a component kept by its sufferer, a
 * contested claim (capped, then settled in a dispute that adds each side's legal costs), a debt
 * owed by statute (paid if the debtor is solvent, else by the guarantor or not at all), and a
 * transfer such as a service credit. Whatever it books, the allocations of a component add up to
 * the component's amount, and legal costs are new components of their own: so ground-up loss +
 * legal costs = what all bearers carry, incident by incident. When legal costs scale with the
 * amount in dispute or claimants weigh pursuit, contested claims are drawn as they come but
 * booked by `close()` at the end of the incident, once each claim's total is known.
 */
export class ClaimBook {
  private random: RandomStream | undefined;
  private readonly capsUsed = new Map<string, number>();
  /** One dispute per claim: a claimant's components against one defendant settle together. */
  private readonly settlements = new Map<string, Settlement>();
  /** A defendant's solvency, drawn once per incident. */
  private readonly solvency = new Map<string, TrailStep>();
  /** Claims decided but not yet booked, by claimant>defendant, when the model defers them. */
  private readonly pending = new Map<string, PendingClaim>();
  /** Components whose licensee claims on a vendor's indemnity what it pays for them, in order. */
  private readonly indemnities = new Map<LossComponent, IndemnityClaim>();
  /** Where this incident's allocations start. */
  private start = 0;

  private createRandom: () => RandomStream = NO_DRAWS;
  private spareDraw: number | undefined;

  /** A book for a trial's allocations (`startTrial` moves it to the next trial's); `begin` starts each of its incidents. */
  constructor(
    private allocations: Allocation[],
    private readonly liability: LiabilityModel,
    private readonly market: MarketModel | undefined,
  ) {}

  /** Starts a trial: its allocations are booked into `allocations` from here on (each incident's `begin` clears the rest). */
  startTrial(allocations: Allocation[]): this {
    this.allocations = allocations;
    return this;
  }

  /**
   * Starts an incident: its caps, disputes, solvency draws and pending claims start afresh, its
   * liability draws come from `createRandom` (called only when a draw is needed), after the
   * incident's spare draw when it has one. Call `close()` when its components are done.
   */
  begin(createRandom: () => RandomStream, spareDraw?: number): this {
    this.createRandom = createRandom;
    this.spareDraw = spareDraw;
    this.random = undefined;
    this.start = this.allocations.length;
    // Most incidents use none of these: clearing an empty Map would still allocate its table.
    if (this.capsUsed.size > 0) this.capsUsed.clear();
    if (this.settlements.size > 0) this.settlements.clear();
    if (this.solvency.size > 0) this.solvency.clear();
    if (this.pending.size > 0) this.pending.clear();
    if (this.indemnities.size > 0) this.indemnities.clear();
    return this;
  }

  /** The component stays with its sufferer. */
  keep(component: LossComponent, trail: readonly TrailStep[]): void {
    this.allocations.push({ component, bearer: component.sufferer, amount: component.amount, trail });
  }

  /**
   * The sufferer claims `claimed` from `defendant`; the claim is capped (caps under one key are
   * shared by the incident's components; what counts against a cap is what was paid) and
   * contested. A claimant's components against one defendant in one incident are one claim: one
   * dispute decides the share of each, and each side's legal costs arise once.
   */
  contest(component: LossComponent, defendant: string, claimed: number, trail: readonly TrailStep[], limit: { capKey: string; cap: number; solvency?: number }): void {
    const used = this.capsUsed.get(limit.capKey) ?? 0;
    const capped = Math.min(claimed, Math.max(0, limit.cap - used));
    const capStep: TrailStep[] = capped < claimed ? [{ rule: 'contract', reason: capped === 0 ? 'cap_exhausted' : 'cap_binding' }] : [];
    if (capped <= 0) return this.keep(component, [...trail, ...capStep]);
    const claim = `${component.sufferer}>${defendant}`;
    let settlement = this.settlements.get(claim);
    const first = settlement === undefined;
    if (!settlement) this.settlements.set(claim, (settlement = resolveDispute(this.draws(), this.liability.channels)));
    const settled = capped * settlement.share;
    const solvency = this.solvencyStep(defendant, limit.solvency);
    const paid = solvency?.reason === 'debtor_insolvent' ? 0 : settled;
    this.capsUsed.set(limit.capKey, used + paid);
    const disputeSteps = [...settlement.trail, ...(solvency ? [solvency] : [])];
    if (this.liability.deferClaims) {
      let pending = this.pending.get(claim);
      if (!pending) this.pending.set(claim, (pending = { defendant, settlement, solvency: limit.solvency ?? 1, claimed: 0, cap: limit.cap - used, entries: [] }));
      pending.claimed += claimed;
      pending.entries.push({ component, paid, before: [...trail, ...capStep], dispute: disputeSteps });
      return;
    }
    const steps = [...trail, ...capStep, ...disputeSteps];
    this.split(component, defendant, paid, steps);
    if (first) {
      this.legalCosts(component.incident, component.sufferer, settlement.claimantCosts, steps);
      this.legalCosts(component.incident, defendant, settlement.defendantCosts, steps);
    }
  }

  /**
   * Books the incident's deferred claims (when legal costs scale with the amount in dispute, or
   * claimants weigh pursuit), in the order they were first made; call once after the incident's
   * last component. The amount in dispute is known only now: what the claim's components claim
   * in all, capped (min of their sum and the cap left when the claim was made). Under `rational`
   * pursuit a claim whose expected recovery is below its expected cost is dropped: its
   * components stay with the claimant and no legal costs arise (its dispute was drawn all the
   * same, from this incident's generator, so no other claim's draws move). Otherwise each
   * component is split as settled and each side's drawn legal costs are scaled by the channel's
   * (amount in dispute / n0)^b.
   */
  close(): void {
    if (this.pending.size > 0) {
      for (const claim of this.pending.values()) this.closeClaim(claim);
      this.pending.clear();
    }
    if (this.indemnities.size > 0) this.bookIndemnities();
  }

  /**
   * The licensee of a vendor will claim on the vendor's indemnity whatever it ends up paying
   * the component's sufferer (MODEL §13): booked by `close()`, once the licensee's own liability
   * is settled (after any dispute, pursuit and its own solvency).
   */
  indemnify(component: LossComponent, claim: IndemnityClaim): void {
    this.indemnities.set(component, claim);
  }

  /**
   * Passes on to the vendors what the licensees paid for the components they claim indemnity for,
   * in the order the payments were booked: each payment up to what is left of the indemnity's cap
   * (per licensee and incident, apart from the licence's damages cap), paid if the vendor's
   * solvency draw (the one of all its debts in the incident) succeeds. Not contested: the amount is
   * what the licensee's own dispute with the sufferer fixed, and no new legal costs arise. The
   * allocations are rewritten in place, so the component still adds up to its amount.
   */
  private bookIndemnities(): void {
    const booked = this.allocations.splice(this.start);
    for (const allocation of booked) {
      const claim = this.indemnities.get(allocation.component);
      if (!claim || allocation.bearer !== claim.licensee || !(allocation.amount > 0)) this.allocations.push(allocation);
      else if (claim.refused) this.allocations.push({ ...allocation, trail: [...allocation.trail, claim.refused] });
      else this.bookIndemnity(allocation, claim);
    }
    this.indemnities.clear();
  }

  private bookIndemnity(allocation: Allocation, claim: IndemnityClaim): void {
    const { component, amount } = allocation;
    const used = this.capsUsed.get(claim.capKey) ?? 0;
    const capped = Math.min(amount, Math.max(0, claim.cap - used));
    const steps: TrailStep[] = [...allocation.trail, { rule: 'contract', reason: 'licensee_claims_indemnity', amount }];
    if (capped < amount) steps.push({ rule: 'contract', reason: capped === 0 ? 'indemnity_cap_exhausted' : 'indemnity_cap_binding', amount: amount - capped });
    const solvency = capped > 0 ? this.solvencyStep(claim.vendor, claim.solvency) : undefined;
    if (solvency) steps.push(solvency);
    const paid = solvency?.reason === 'debtor_insolvent' ? 0 : capped;
    this.capsUsed.set(claim.capKey, used + paid);
    if (paid > 0) this.pay(component, claim.vendor, paid, [...steps, { rule: 'contract', reason: 'vendor_indemnifies_licensee', amount: paid }]);
    if (paid < amount) this.pay(component, claim.licensee, amount - paid, steps);
  }

  private closeClaim(claim: PendingClaim): void {
    const amountInDispute = Math.min(claim.claimed, claim.cap);
    const pursuit: TrailStep[] = [];
    if (this.liability.pursuit === 'rational') {
      const outlook = weighPursuit(this.liability.channels, amountInDispute, claim.solvency);
      const pursued = !(outlook.expectedRecovery < outlook.expectedCost);
      const step: TrailStep = { rule: 'claim', reason: pursued ? 'pursued' : 'not_pursued', amountInDispute, ...outlook };
      if (!pursued) {
        for (const entry of claim.entries) this.keep(entry.component, [...entry.before, step]);
        return;
      }
      pursuit.push(step);
    }
    const [first] = claim.entries;
    for (const entry of claim.entries) this.split(entry.component, claim.defendant, entry.paid, [...entry.before, ...pursuit, ...entry.dispute]);
    const { settlement } = claim;
    const scale = this.liability.channels.find((channel) => channel.name === settlement.channel)?.costsScale;
    const factor = costsFactor(scale, amountInDispute);
    const steps: TrailStep[] = [...first!.before, ...pursuit, ...first!.dispute];
    if (scale) steps.push({ rule: 'dispute', reason: 'costs_scaled_to_amount_in_dispute', amountInDispute, costsFactor: factor });
    this.legalCosts(first!.component.incident, first!.component.sufferer, settlement.claimantCosts * factor, steps);
    this.legalCosts(first!.component.incident, claim.defendant, settlement.defendantCosts * factor, steps);
  }

  /**
   * `debtor` owes the sufferer the component by statute (no cap, no dispute). Of it, the sufferer
   * files `filedShare` (buyers' `claim_rate`; 1 by default): the unfiled rest stays with it, trail
   * `claim: not_claimed`, and nothing is drawn when nothing is filed. A seller pays with its
   * segment's solvency probability; if it cannot, buyers are paid by the platform under the buyer
   * guarantee within its limits (its recovery from the insolvent seller fails), or keep the loss.
   * `sellers` as debtor means every segment, pro rata to its GMV share.
   */
  owe(component: LossComponent, debtor: string, trail: readonly TrailStep[], filedShare = 1): void {
    let owed = component.amount;
    let filedTrail = trail;
    if (filedShare < 1) {
      const unfiled = component.amount * (1 - filedShare);
      this.pay(component, component.sufferer, unfiled, [...trail, { rule: 'claim', reason: 'not_claimed', claimRate: filedShare, amount: unfiled }]);
      if (!(filedShare > 0)) return;
      owed = component.amount - unfiled;
      filedTrail = [...trail, { rule: 'claim', reason: 'claimed', claimRate: filedShare, amount: owed }];
    }
    if (debtor === 'sellers' && this.market) {
      let left = owed;
      this.market.segments.forEach((segment, index) => {
        const part = index === this.market!.segments.length - 1 ? left : owed * segment.gmvShare;
        left -= part;
        this.oweOne(component, segment.bearer, part, filedTrail);
      });
      return;
    }
    this.oweOne(component, debtor, owed, filedTrail);
  }

  /**
   * Whether a defendant with a solvency below 1 (a vendor) pays what it owes: one draw per
   * defendant and incident, so all its debts there stand or fall together; none at solvency 1.
   */
  private solvencyStep(defendant: string, solvency: number | undefined): TrailStep | undefined {
    if (solvency === undefined || solvency >= 1) return undefined;
    let step = this.solvency.get(defendant);
    if (!step) {
      const draw = this.draws()();
      step = { rule: 'solvency', reason: draw < solvency ? 'debtor_paid' : 'debtor_insolvent', draw, threshold: solvency };
      this.solvency.set(defendant, step);
    }
    return step;
  }

  /** Moves `amount` from `payee`'s side to `payer` (a credit): booked on a zero-amount component. */
  transfer(incident: Incident, kind: string, payer: string, payee: string, amount: number, trail: readonly TrailStep[]): void {
    if (!(amount > 0)) return;
    const component: LossComponent = { incident, kind, amount: 0, sufferer: payee, coverage: 'sla_credits' };
    this.allocations.push({ component, bearer: payer, amount, trail });
    this.allocations.push({ component, bearer: payee, amount: -amount, trail });
  }

  private oweOne(component: LossComponent, debtor: string, amount: number, trail: readonly TrailStep[]): void {
    const { sufferer } = component;
    const segment = this.market?.segments.find((s) => s.bearer === debtor);
    if (!segment) return this.pay(component, debtor, amount, trail);
    const draw = this.draws()();
    if (draw < segment.solvency) {
      return this.pay(component, debtor, amount, [...trail, { rule: 'solvency', reason: 'debtor_paid', draw, threshold: segment.solvency }]);
    }
    const insolvent: TrailStep = { rule: 'solvency', reason: 'debtor_insolvent', draw, threshold: segment.solvency };
    if (sufferer === 'buyers' && this.liability.sellerTerms.buyer_guarantee) {
      const { guaranteed, limit } = guaranteePayment(component, amount, this.liability.sellerTerms, this.market);
      if (!limit) return this.pay(component, 'platform', amount, [...trail, insolvent, { rule: 'contract', reason: 'buyer_guarantee_paid_recovery_failed' }]);
      if (guaranteed > 0) this.pay(component, 'platform', guaranteed, [...trail, insolvent, { rule: 'contract', reason: 'buyer_guarantee_paid_recovery_failed' }, limit]);
      return this.pay(component, sufferer, amount - guaranteed, [...trail, insolvent, limit]);
    }
    this.pay(component, sufferer, amount, [...trail, insolvent]);
  }

  /** Books `amount` of the component to `bearer` (the sufferer's own share is booked as kept). */
  private pay(component: LossComponent, bearer: string, amount: number, trail: readonly TrailStep[]): void {
    this.allocations.push({ component, bearer, amount, trail });
  }

  /** Splits a component: `paid` to the defendant, the rest stays with the sufferer. */
  private split(component: LossComponent, defendant: string, paid: number, trail: readonly TrailStep[]): void {
    if (paid > 0) this.allocations.push({ component, bearer: defendant, amount: paid, trail });
    const rest = component.amount - paid;
    if (rest !== 0 || paid <= 0) this.allocations.push({ component, bearer: component.sufferer, amount: rest, trail });
  }

  private legalCosts(incident: Incident, side: string, amount: number, trail: readonly TrailStep[]): void {
    if (!(amount > 0)) return;
    const component: LossComponent = { incident, kind: 'legal_costs', amount, sufferer: side, coverage: 'defense_costs' };
    this.allocations.push({ component, bearer: side, amount, trail: [...trail, { rule: 'dispute', reason: 'own_legal_costs' }] });
  }

  /**
   * The incident's liability draws (solvency and disputes): first the spare draw, if the incident
   * has one, then its own generator, created only when needed (most incidents need none).
   */
  private draws(): RandomStream {
    if (this.spareDraw !== undefined) {
      const spare = this.spareDraw;
      this.spareDraw = undefined;
      let first = true;
      return () => {
        if (first) {
          first = false;
          return spare;
        }
        return (this.random ??= this.createRandom())();
      };
    }
    return (this.random ??= this.createRandom());
  }
}
