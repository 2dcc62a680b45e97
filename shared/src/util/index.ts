export * from './geo';
export * from './china-time';
export * from './hash';
export * from './audit-anchor-text';
