/** The domain library: the event envelope, the catalogue and its validation, stream rules, London time. */
export * from './envelope';
export * from './catalogue';
export * from './events';
export { validateNewEvent, validateCorrectionData, normaliseNewEvent } from './validation/validate-event';
export type { ValidationProblem } from './validation/problems';
export { isEncryptedValue } from './validation/encrypted-value';
export type { EncryptedValue } from './validation/encrypted-value';
export { NewEventEnvelope, EventSourceEnvelope, AREA_SLUG } from './validation/envelope-shape';
export { checkStreamRules } from './rules/stream-rules';
export type { RuleViolation } from './rules/stream-rules';
export * from './time/london';
export { isIsoInstant, isDateOrInstant } from './time/iso-8601';
export { catalogueJsonSchema } from './json-schema';
export type { CatalogueJsonSchema, SchemaObject } from './json-schema';
