export * from './types.ts';
export { createHeatMeterIntegrator } from './integrator.ts';
export { en1434Mpe, type MpeParts } from './uncertainty.ts';
export { FluidTable, FLUID_TABLE_STEP_K } from './fluid-table.ts';
export { IntervalClock } from './intervals.ts';
