// Edge readers: files in, SI samples out (docs/architecture.md).
export * from './meter/columns.ts';
export * from './meter/read.ts';
export * from './meter/merge.ts';
export type { BadRow } from './meter/rows.ts';
export * from './mqtt/index.ts';
