import { EVENT_CATALOGUE, EVENT_TYPES } from '@ledger/domain/catalogue';

/** One OpenAPI example per event type, taken from the catalogue (the one place listing them). */
export function eventExamples(): Record<string, { summary: string; value: unknown }> {
  return Object.fromEntries(EVENT_TYPES.map((type) => [type, { summary: EVENT_CATALOGUE[type].summary, value: EVENT_CATALOGUE[type].example }]));
}
