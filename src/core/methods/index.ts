export * from './types.ts';
export * from './registry.ts';
export { GREC_FORMULA } from './grec-formula/calculate.ts';
export { describeCapacity } from './audit.ts';
export * from './capacity.ts';
