import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { fromJson, safeInteger, toJson } from './values.ts';

/** Who does a registry action and when (ms since 1970-01-01T00:00:00Z), with the ids for what it makes. */
export interface Actor {
  by: string;
  at: number;
}

export interface AuditEntry {
  at: number;
  actor: string;
  /** `organisation.create`, `upload.create`, ... */
  action: string;
  entity: string;
  entityId: string;
  organisationId: string | null;
  detail: unknown;
}

export interface StoredAuditEntry extends AuditEntry {
  seq: number;
}

/** Appends one entry to the audit log (in the caller's transaction when `db` is one). */
export async function appendAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      organisation_id: entry.organisationId,
      detail_json: entry.detail === undefined ? null : toJson(entry.detail),
    })
    .execute();
}

/** The audit log in order, optionally of one entity. */
export async function listAudit(
  db: Kysely<Database>,
  filter: { entityId?: string } = {},
): Promise<StoredAuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('seq');
  if (filter.entityId !== undefined) q = q.where('entity_id', '=', filter.entityId);
  return (await q.execute()).map((r) => ({
    seq: safeInteger(r.seq, 'audit_log.seq'),
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    organisationId: r.organisation_id,
    detail: fromJson<unknown>(r.detail_json, undefined),
  }));
}
