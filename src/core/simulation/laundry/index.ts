export * from './params.ts';
export * from './environment.ts';
export * from './heat-pump.ts';
export * from './simulate.ts';
export * from './room.ts';
