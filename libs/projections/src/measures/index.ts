/** The measures of domain.md as pure functions over stored events: resolve, then measure. */
export { mergedIntoBy, resolveHistory, type ResolvedEvent, type ResolveOptions } from './resolve-history';
export { groupByPerson, chronological } from './chronology';
export { roundedRatio, roundedPercent } from './rounding';
export { provenOffences, isProvingEvent, type ProvenOffence } from './offences';
export * from './mappa';
export * from './iom';
export * from './reoffending';
