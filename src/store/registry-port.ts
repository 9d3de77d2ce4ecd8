import type { Kysely } from 'kysely';
import type { Registry } from '../app/index.ts';
import { appendAudit, listAudit } from './audit.ts';
import { appliedMigrations, migrateToLatest } from './migrations.ts';
import { dialectOf, openDatabase, type OpenOptions } from './open.ts';
import { listUploads, sumIntervals } from './intervals.ts';
import { ledgerStore } from './ledger.ts';
import { portfolioRows } from './portfolio.ts';
import {
  createEnrolment,
  createMeter,
  createOrganisation,
  createSite,
  createSystem,
  getOrganisation,
  getSite,
  getSystem,
  listAccounts,
  listEnrolments,
  listMeters,
  listOrganisations,
  listSites,
  listSystems,
} from './registry.ts';
import type { Database } from './schema.ts';
import { inTransaction } from './transaction.ts';

/** A PostgreSQL URL without its password (what the registry says it opened). */
export function shownTarget(target: string): string {
  return target.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}

/**
 * The app's Registry port (with its ledger, ledger.ts) over a Kysely instance, through the store's repository
 * functions. `migrations` is
 * what the caller learnt when it opened the database.
 */
export function storeRegistry(
  db: Kysely<Database>,
  target: string,
  migrations: Registry['migrations'] = { applied: [], justApplied: [] },
): Registry {
  return {
    dialect: dialectOf(db),
    target: shownTarget(target),
    migrations,
    transaction: (fn) => inTransaction(db, (tx) => fn(storeRegistry(tx, target, migrations))),
    createOrganisation: (a, input) => createOrganisation(db, a, input),
    getOrganisation: (id) => getOrganisation(db, id),
    listOrganisations: () => listOrganisations(db),
    listAccounts: (organisationId) => listAccounts(db, organisationId),
    createSite: (a, input) => createSite(db, a, input),
    getSite: (id) => getSite(db, id),
    listSites: (filter) => listSites(db, filter),
    createSystem: (a, input) => createSystem(db, a, input),
    getSystem: (id) => getSystem(db, id),
    listSystems: (filter) => listSystems(db, filter),
    createMeter: (a, input) => createMeter(db, a, input),
    listMeters: (systemId) => listMeters(db, systemId),
    createEnrolment: (a, input) => createEnrolment(db, a, input),
    listEnrolments: (systemId) => listEnrolments(db, systemId),
    listUploads: (meterId) => listUploads(db, meterId),
    sumIntervals: (scope, fromMs, toMs) => sumIntervals(db, scope, fromMs, toMs),
    appendAudit: (entry) => appendAudit(db, entry),
    listAudit: (filter) => listAudit(db, filter),
    ...ledgerStore(db),
    portfolio: (filter, page) => portfolioRows(db, filter, page),
  };
}

export interface OpenedRegistry {
  registry: Registry;
  db: Kysely<Database>;
  close(): Promise<void>;
}

/**
 * Opens the database `target` names (a SQLite file, its folder created, or a postgres:// URL), refuses one a
 * newer TREC migrated (an InputError at `db`), applies the migrations it lacks, and gives the Registry port.
 */
export async function openRegistry(target: string, options: OpenOptions = {}): Promise<OpenedRegistry> {
  const db = openDatabase(target, options);
  try {
    const justApplied = await migrateToLatest(db);
    const applied = await appliedMigrations(db);
    return { registry: storeRegistry(db, target, { applied, justApplied }), db, close: () => db.destroy() };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
