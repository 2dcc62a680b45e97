export * from './evidence-checks';
export * from './geo';
