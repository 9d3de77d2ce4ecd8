export * from './events.ts';
export * from './canonical.ts';
export * from './replay.ts';
