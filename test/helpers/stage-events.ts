import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';
import { TrialRecord } from '../../src/engine/trial-record.ts';
import { trialEnd, trialStart, type TrialMarker } from '../../src/pipeline/trial-events.ts';

/**
 * Helpers for virtual-time (marble) tests of the stage operators: trial records and their
 * markers, and a TestScheduler that compares with vitest's deep equality.
 */

/** A fresh record of trial `trial` (strategy 0) and its two markers. */
export function trialMarkers(trial: number): { record: TrialRecord; start: TrialMarker<TrialRecord>; end: TrialMarker<TrialRecord> } {
  const record = new TrialRecord({ trial, strategy: 0 });
  return { record, start: trialStart(record), end: trialEnd(record) };
}

/** A TestScheduler whose frames compare with `toEqual` (asymmetric matchers allowed). */
export function marbleScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** The expected incident event of `record`'s incident at `index`, named `name`. */
export function incidentEventOf(record: TrialRecord, index: number, name: string): unknown {
  return { kind: 'incident', trial: record, index, incident: expect.objectContaining({ name }) };
}

/** The marble values of `record`'s incident events: `letters[i]` for the incident at i, named `names[i]`. */
export function incidentEventsOf(record: TrialRecord, letters: string, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name, index) => [letters[index]!, incidentEventOf(record, index, name)]));
}
