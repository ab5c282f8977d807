import { describe, expect, it } from 'vitest';
import { INCIDENT_FIELDS } from '../../src/scenario/schema/incident-fields.ts';
import { INCIDENT_TYPES } from '../../src/scenario/vocabulary.ts';

describe('the vocabulary the simulation shares with the schema', () => {
  it('lists the incident types in the order of their fields in the schema', () => {
    expect(INCIDENT_TYPES).toEqual(Object.keys(INCIDENT_FIELDS));
  });
});
