import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { StageFailure } from '../../src/pipeline/stage-failure.ts';
import { stageOperator } from '../../src/pipeline/stage-operator.ts';
import { trialEnd, trialStart, type TrialMarker } from '../../src/pipeline/trial-events.ts';
import type { TrialContext } from '../../src/pipeline/trial-context.ts';
import { marbleScheduler } from '../helpers/stage-events.ts';

type Marker = TrialMarker<TrialContext>;
const one: TrialContext = { trial: 1, strategy: 0 };
const two: TrialContext = { trial: 2, strategy: 0 };

/** A stage that counts the markers of each trial and emits the count at its end: state kept per subscription, reset per trial. */
const counting = () =>
  stageOperator<Marker, number>('market', () => {
    let seen = 0;
    return (event, emit) => {
      if (event.kind === 'trial-start') seen = 0;
      seen++;
      if (event.kind === 'trial-end') emit(seen);
    };
  });

describe('stageOperator', () => {
  it('emits any number of events per event in, with the state its handler carries (marble test)', () => {
    const twice = stageOperator<Marker, Marker>('incidents', () => (event, emit) => {
      emit(event);
      if (event.kind === 'trial-start') emit(event);
    });
    const s = trialStart(one);
    const e = trialEnd(one);
    marbleScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-s---e|', { s, e }).pipe(twice)).toBe('-(ss)e|', { s, e });
      expectObservable(cold('-s-e-t-f|', { s, e, t: trialStart(two), f: trialEnd(two) }).pipe(counting())).toBe('---x---x|', { x: 2 });
    });
  });

  it('gives each subscription its own state', () => {
    const operator = counting();
    const source = from([trialStart(one), trialEnd(one)]);
    const first: number[] = [];
    const second: number[] = [];
    source.pipe(operator).subscribe((count) => first.push(count));
    source.pipe(operator).subscribe((count) => second.push(count));
    expect([first, second]).toEqual([[2], [2]]);
  });

  it('sends what the handler throws down the error channel as a StageFailure naming the stage and trial, and stops there', () => {
    const failing = stageOperator<Marker, Marker>('liability', () => (event, emit) => {
      if (event.trial.trial === 2) throw new RangeError('limit is negative');
      emit(event);
    });
    marbleScheduler().run(({ cold, expectObservable }) => {
      const s = trialStart(one);
      const e = trialEnd(one);
      const failure = new StageFailure('liability', two, new RangeError('limit is negative'));
      expectObservable(cold('-s-e-t-f|', { s, e, t: trialStart(two), f: trialEnd(two) }).pipe(failing)).toBe('-s-e-#', { s, e }, failure);
    });
    let caught: unknown;
    from([trialStart(two)])
      .pipe(failing)
      .subscribe({ error: (error) => (caught = error) });
    expect(caught).toBeInstanceOf(StageFailure);
    expect((caught as StageFailure).message).toBe('trial 2, stage liability: limit is negative');
  });

  it('throws at the start of the trial FAULTLINE_INJECT_FAULT names, and only there', () => {
    process.env.FAULTLINE_INJECT_FAULT = 'impacts@2';
    try {
      const operator = stageOperator<Marker, Marker>('impacts', () => (event, emit) => emit(event));
      const seen: Marker[] = [];
      let caught: unknown;
      from([trialStart(one), trialEnd(one), trialStart(two), trialEnd(two)])
        .pipe(operator)
        .subscribe({ next: (event) => seen.push(event), error: (error) => (caught = error) });
      expect(seen.map((event) => `${event.kind}:${event.trial.trial}`)).toEqual(['trial-start:1', 'trial-end:1']);
      expect((caught as Error).message).toBe('trial 2, stage impacts: fault injected by FAULTLINE_INJECT_FAULT');
    } finally {
      delete process.env.FAULTLINE_INJECT_FAULT;
    }
  });
});
