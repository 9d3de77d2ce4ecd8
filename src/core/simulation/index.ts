export * from './prng.ts';
export * from './laundry/index.ts';
