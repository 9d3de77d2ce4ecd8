// The only entry other layers import from the domain core.
export * from './errors.ts';
export * from './checks.ts';
export * from './units/index.ts';
