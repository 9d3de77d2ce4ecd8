export * from './schema.ts';
export * from './validate.ts';
export * from './certificates.ts';
export * from './apply.ts';
export * from './counted.ts';
export * from './counted-energy.ts';
