// The application layer: use cases as one typed map, and the ports they need (docs/architecture.md).
export * from './calc.ts';
export * from './convert.ts';
export * from './errors.ts';
export * from './fluid.ts';
export * from './ports.ts';
export * from './programs.ts';
export * from './ranges.ts';
export * from './scop.ts';
export * from './simulate.ts';
export * from './use-case.ts';
export * from './use-cases.ts';
