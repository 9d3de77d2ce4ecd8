export * from './constants.ts';
export * from './energy.ts';
export * from './power.ts';
export * from './temperature.ts';
export * from './flow.ts';
export * from './efficiency.ts';
