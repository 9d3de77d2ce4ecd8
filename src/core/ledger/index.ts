// events.ts, canonical.ts and replay.ts (the store helper's) are added here when the branches merge.
export * from './ranges.ts';
export * from './rules.ts';
