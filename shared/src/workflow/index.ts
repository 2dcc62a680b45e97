export * from './case-status';
export * from './case-machine';
export * from './sla';
