export * from './canonical.ts';
export * from './events.ts';
export * from './ranges.ts';
export * from './replay.ts';
export * from './rules.ts';
