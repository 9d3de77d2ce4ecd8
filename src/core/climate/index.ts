export * from './weather.ts';
export * from './bins.ts';
