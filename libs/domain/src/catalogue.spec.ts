import { EVENT_CATALOGUE, EVENT_TYPES, isEventType } from './catalogue';
import { catalogueJsonSchema } from './json-schema';

describe('the event catalogue', () => {
  it('lists each type of interchange.md once, with its own example', () => {
    expect(EVENT_TYPES).toHaveLength(33); // person 3, police and court 5, custody and licence 7, public protection 7, IOM 2, interventions and RJ 7, corrections 2
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    for (const type of EVENT_TYPES) expect(EVENT_CATALOGUE[type].example.type).toBe(type);
    expect(new Set(EVENT_TYPES.map((type) => EVENT_CATALOGUE[type].example.eventId)).size).toBe(EVENT_TYPES.length);
  });

  it('knows its own types and nothing else', () => {
    expect(isEventType('mappa.level-changed')).toBe(true);
    expect(isEventType('mappa.level.changed')).toBe(false);
    expect(isEventType('toString')).toBe(false); // not fooled by Object.prototype
    expect(isEventType(undefined)).toBe(false);
  });

  it('marks as personal data only the fields interchange.md names', () => {
    const personal = Object.fromEntries(EVENT_TYPES.map((type) => [type, EVENT_CATALOGUE[type].personalDataPaths]).filter(([, p]) => p.length));
    expect(personal).toEqual({
      'person.registered': ['identifiers', 'dateOfBirth', 'name'],
      'person.identifier-linked': ['identifier'],
    });
  });

  /**
   * The one hand-written transcription in the suite: the starred fields of interchange.md, so a
   * class that drifts from the specification fails here (every other table is generated).
   */
  it('requires exactly the starred fields of interchange.md', () => {
    const { schemas } = catalogueJsonSchema();
    const required = Object.fromEntries(EVENT_TYPES.map((type) => [type, schemas[EVENT_CATALOGUE[type].dataClass.name].required ?? []]));
    const intervention = ['interventionId', 'pathway'];
    expect(required).toEqual({
      'person.registered': ['identifiers', 'dateOfBirth', 'gender'],
      'person.identifier-linked': ['identifier'],
      'person.merged': ['intoPersonId'],
      'arrest.recorded': ['arrestId', 'offences'],
      'charge.recorded': ['offenceIds'],
      'disposal.out-of-court': ['disposalId', 'disposalType', 'offences'],
      'conviction.recorded': ['convictionId', 'offences'],
      'sentence.imposed': ['sentenceId', 'sentenceType'],
      'custody.received': ['reason'],
      'custody.released': ['releaseType'],
      'licence.started': ['licenceId', 'expiresOn'],
      'licence.varied': ['licenceId', 'conditions'],
      'licence.ended': ['licenceId', 'reason'],
      'recall.initiated': ['recallType', 'reason'],
      'breach.recorded': ['order'],
      'mappa.registered': ['category', 'level', 'leadAgency'],
      'mappa.level-changed': ['level'],
      'mappa.category-changed': ['category'],
      'mappa.reviewed': ['level'],
      'mappa.deregistered': ['reason'],
      'risk.rosh-assessed': ['level', 'tool'],
      'needs.assessed': ['tool', 'needs'],
      'iom.adopted': ['cohortId', 'cohortType', 'reason'],
      'iom.deselected': ['cohortId', 'reason'],
      'intervention.referred': intervention,
      'intervention.started': intervention,
      'intervention.completed': intervention,
      'intervention.withdrawn': intervention,
      'rj.referred': ['rjCaseId'],
      'rj.conference.held': ['rjCaseId', 'participants'],
      'rj.outcome-completed': ['rjCaseId'],
      'record.corrected': ['targetEventId', 'reason', 'data'],
      'record.retracted': ['targetEventId', 'reason'],
    });
    expect(schemas.Offence.required).toEqual(['offenceId', 'offenceDate', 'category']);
    expect(schemas.Identifier.required).toEqual(['type', 'value']);
    expect(schemas.Participant.required).toEqual(['role']);
    expect(schemas.LicenceCondition.required).toBeUndefined();
  });
});
