import { Observable, Subscriber, type OperatorFunction } from 'rxjs';
import { FAULT_VARIABLE, injectedFaults, StageFailure, type StageName } from './stage-failure.ts';
import { contextOf, type HasContext } from './trial-events.ts';

/** Passes an event on to the next stage. */
export type Emit<Out> = (event: Out) => void;

/** How a stage handles each event: it may emit any number of events for the next stage. */
export type StageHandler<In, Out> = (event: In, emit: Emit<Out>) => void;

/**
 * A stage as an operator over a trial's events. `createHandler` is called once per subscription
 * and returns the handler, whose closure holds the stage's state: carried from event to event and
 * reset by the stage at each trial's start (a `scan` into per-trial state). The handler sees each
 * event in turn and emits any number of events for the next stage: the same event passed on, new
 * ones, or none.
 * It is `scan` and `mergeMap` in one, without an inner observable per event, so one pipeline can
 * live for a chunk of trials at a few tens of nanoseconds per event.
 *
 * Anything `handle` throws becomes a `StageFailure` naming the stage and the trial, sent down the
 * stream's error channel: the stream stops there, and whoever subscribed learns it at once.
 * `FAULTLINE_INJECT_FAULT=<stage>@<trial>` makes the stage throw at that trial's start.
 *
 * @example
 * incidents$.pipe(stageOperator('impacts', () => (event, emit) => { if (event.kind === 'incident') assess(event); emit(event); }))
 */
export function stageOperator<In extends { readonly kind: string; readonly trial: HasContext }, Out>(stage: StageName, createHandler: () => StageHandler<In, Out>): OperatorFunction<In, Out> {
  const faultTrials = injectedFaults(stage);
  return (source) =>
    new Observable<Out>((subscriber) => {
      source.subscribe(new StageSubscriber(stage, createHandler(), subscriber, faultTrials));
    });
}

/**
 * Subscribes a stage's handler to the stage before it: the upstream stream calls `_next` straight,
 * without the observer wrappers of a plain `subscribe` (one hop saved per stage and event).
 */
class StageSubscriber<In extends { readonly kind: string; readonly trial: HasContext }, Out> extends Subscriber<In> {
  private readonly emit: Emit<Out>;

  constructor(
    private readonly stage: StageName,
    private readonly handle: StageHandler<In, Out>,
    private readonly downstream: Subscriber<Out>,
    private readonly faultTrials: ReadonlySet<number> | undefined,
  ) {
    super(downstream);
    this.emit = (event) => downstream.next(event);
  }

  protected override _next(event: In): void {
    try {
      if (this.faultTrials !== undefined && event.kind === 'trial-start' && this.faultTrials.has(contextOf(event.trial).trial)) {
        throw new Error(`fault injected by ${FAULT_VARIABLE}`);
      }
      this.handle(event, this.emit);
    } catch (error) {
      this.downstream.error(error instanceof StageFailure ? error : new StageFailure(this.stage, contextOf(event.trial), error));
      this.unsubscribe();
    }
  }

  protected override _error(error: unknown): void {
    this.downstream.error(error);
    this.unsubscribe();
  }

  protected override _complete(): void {
    this.downstream.complete();
    this.unsubscribe();
  }
}
