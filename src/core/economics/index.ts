export * from './meter-value.ts';
export * from './formula-or-meter.ts';
