// The store: the registry in SQLite or PostgreSQL through Kysely (docs/store.md). Repository functions take a
// Kysely instance and return plain camelCase objects; src/main.ts opens the database and passes it on.
export * from './schema.ts';
export { openDatabase, dialectFor, dialectOf, type DialectName, type OpenOptions } from './open.ts';
export * from './migrations.ts';
export * from './ids.ts';
export * from './audit.ts';
export * from './registry.ts';
export * from './intervals.ts';
export * from './ledger.ts';
export { ledgerLock } from './ledger-lock.ts';
export { ensureMonthPartitions, monthPartitions, monthsOf, partitionName, type Month } from './partitions.ts';
export { inTransaction, isUniqueViolation } from './transaction.ts';
export { safeInteger } from './values.ts';
export { kyselyLiveStore, type LiveStoreConfig } from './live-port.ts';
export * from './rollup.ts';
export { readReadings, readingDayOf, packColumns, unpackColumns, READINGS_ENCODING } from './readings.ts';
export { kyselyLiveStaging, type StagingTables } from './live-staging.ts';
