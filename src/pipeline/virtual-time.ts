import { merge, Observable, VirtualTimeScheduler, type SchedulerLike } from 'rxjs';

/** Something that happens at a virtual time: hours from the start of the policy year. */
export interface Timed {
  readonly timeHours: number;
}

/**
 * A stream that emits each event at its virtual hour on `scheduler` (events at the same hour in
 * the order given), then completes.
 *
 * @example
 * atVirtualTimes([{ timeHours: 10 }, { timeHours: 2 }], scheduler) // emits the second at 2, the first at 10
 */
export function atVirtualTimes<T extends Timed>(events: readonly T[], scheduler: SchedulerLike): Observable<T> {
  return new Observable<T>((subscriber) => {
    let pending = events.length;
    if (pending === 0) subscriber.complete();
    for (const event of events) {
      subscriber.add(
        scheduler.schedule(() => {
          subscriber.next(event);
          if (--pending === 0) subscriber.complete();
        }, event.timeHours),
      );
    }
  });
}

/**
 * Merges streams in virtual time, as a discrete-event core does: builds each stream on one
 * virtual-time scheduler, runs the clock to the end, and returns every event in the order of
 * (time, priority, sequence) — the time of the event, then the position of its stream in
 * `streams` (the priority), then its place in its own stream (the sequence). So simultaneous
 * events always come out in the same order.
 *
 * @example
 * mergeInVirtualTime([(s) => platform$(incidents, s), (s) => demand$(year, market, s)])
 */
export function mergeInVirtualTime<T extends Timed>(streams: readonly ((scheduler: SchedulerLike) => Observable<T>)[]): T[] {
  const scheduler = new VirtualTimeScheduler();
  const events: T[] = [];
  let failure: unknown;
  // merge subscribes the streams in order, so each schedules its events before the next: the
  // scheduler runs actions due at the same frame in the order they were scheduled.
  merge(...streams.map((build) => build(scheduler))).subscribe({ next: (event) => events.push(event), error: (error) => (failure = error) });
  scheduler.flush();
  if (failure !== undefined) throw failure;
  return events;
}
