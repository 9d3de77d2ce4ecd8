export * from './carnot.ts';
export * from './en14825.ts';
export * from './en14825-climates.ts';
export * from './en14825-points.ts';
