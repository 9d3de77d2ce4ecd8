export * from './carnot.ts';
export * from './model.ts';
export * from './performance-map.ts';
export * from './least-squares.ts';
export * from './parametric.ts';
export * from './source-temperature.ts';
export * from './estimate.ts';
export * from './counted-energy.ts';
