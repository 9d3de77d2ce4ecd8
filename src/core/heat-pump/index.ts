export * from './carnot.ts';
