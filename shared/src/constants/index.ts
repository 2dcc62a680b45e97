export * from './roles';
export * from './reports';
export * from './departments';
export * from './categories';
export * from './rewards';
export * from './errors';
export * from './notices';
