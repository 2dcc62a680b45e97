export * from './constants';
export * from './workflow';
export * from './types';
export * from './api';
export * from './evaluation';
export * from './evidence';
export * from './util';
