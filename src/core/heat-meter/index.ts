export * from './types.ts';
export { createHeatMeterIntegrator } from './integrator.ts';
export { en1434Mpe, type MpeParts } from './uncertainty.ts';
export { FluidTable } from './fluid-table.ts';
export { IntervalClock } from './intervals.ts';
export { registerBound, FROST_MAX_C, REGISTER_RATED_MARGIN, WARMEST_SOURCE_C } from './config.ts';
export type { RegisterBound } from './registers.ts';
export { meterClassSpec, type MeterClassParts } from './meter-class.ts';
export { RegisterDropCounter } from './register-drops.ts';
