export * from './geo';
export * from './china-time';
export * from './hash';
