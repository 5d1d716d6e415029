export {
  DEFAULT_PEOPLE,
  DEFAULT_SEED,
  DEFAULT_START_YEAR,
  DEFAULT_UNTIL,
  estimateEventsPerPerson,
  generatePopulation,
  type PopulationOptions,
} from './population';
export { writeNdjson } from './ndjson';
export { Random } from './random';
