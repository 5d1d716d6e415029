import * as domain from './index';

describe('@ledger/domain', () => {
  it('exposes the public API from one entry point', () => {
    for (const name of [
      'SOURCE_SYSTEMS',
      'EVENT_TYPES',
      'EVENT_CATALOGUE',
      'isEventType',
      'validateNewEvent',
      'validateCorrectionData',
      'normaliseNewEvent',
      'checkStreamRules',
      'catalogueJsonSchema',
      'londonDate',
      'addDays',
      'addWeeks',
      'addMonths',
      'daysBetween',
      'isValidDate',
      'todayInLondon',
      'isEncryptedValue',
      'PersonRegisteredData',
      'MAPPA_LEVELS',
    ]) {
      expect([name, typeof (domain as Record<string, unknown>)[name]]).not.toEqual([name, 'undefined']);
    }
  });
});
