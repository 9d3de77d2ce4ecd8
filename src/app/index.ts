// The application layer: use cases as one typed map, and the ports they need (docs/architecture.md).
export * from './calc.ts';
export * from './convert.ts';
export { shown } from './energy-checks.ts';
export { isoIn } from './energy-json.ts';
export * from './energy.ts';
export * from './errors.ts';
export * from './estimate.ts';
export * from './evaluate-sides.ts';
export * from './evaluate.ts';
export * from './fluid.ts';
export * from './meter-files.ts';
export * from './ports.ts';
export * from './programs.ts';
export * from './ranges.ts';
export * from './scop.ts';
export * from './simulate.ts';
export * from './use-case.ts';
export * from './use-cases.ts';
