export * from './types.ts';
export { checkFluidTempC, fluidLabel, fluidModel } from './model.ts';
export { freezingPointC } from './freezing.ts';
