export * from './meter-value.ts';
