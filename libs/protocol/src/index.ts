export * from './errors';
export * from './palette';
export * from './batch';
export * from './snapshot';
export * from './changes';
export * from './base64';
export * from './types';
export * from './catch-up';
