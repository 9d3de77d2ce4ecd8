export * from './period.ts';
export * from './generation.ts';
export * from './certificates.ts';
export * from './serials.ts';
export * from './monitor.ts';
