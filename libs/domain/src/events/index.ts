export * from './shared';
export * from './person';
export * from './police-court';
export * from './custody-licence';
export * from './public-protection';
export * from './iom';
export * from './interventions-rj';
export * from './corrections';
