export * from './measures';
export * from './runner/projection';
export * from './runner/projection-runner';
export * from './runner/projection.migrations';
export * from './resolved-events/resolved-events.projection';
export * from './resolved-events/resolved-events.reader';
export * from './person-summary/person-summary';
export * from './timeline/timeline';
