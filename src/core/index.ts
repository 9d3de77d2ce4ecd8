// The only entry other layers import from the domain core.
export * from './errors.ts';
export * from './checks.ts';
export * from './format.ts';
export * from './units/index.ts';
export * from './heat-pump/index.ts';
export * from './fluids/index.ts';
export * from './heat-meter/index.ts';
export * from './methods/index.ts';
export * from './programs/index.ts';
export * from './climate/index.ts';
export * from './simulation/index.ts';
export * from './economics/index.ts';
export * from './registry/index.ts';
export * from './ledger/index.ts';
