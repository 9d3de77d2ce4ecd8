export * from './carnot.ts';
export * from './model.ts';
export * from './performance-map.ts';
