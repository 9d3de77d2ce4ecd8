export * from './types.ts';
export { createHeatMeterIntegrator } from './integrator.ts';
export { en1434Mpe, type MpeParts } from './uncertainty.ts';
export { FluidTable } from './fluid-table.ts';
export { IntervalClock } from './intervals.ts';
