// The application layer: use cases as one typed map, and the ports they need (docs/architecture.md).
export * from './ports.ts';
export * from './use-case.ts';
export * from './ranges.ts';
