// Reads shared by several pages (through the API only).
import { get, paths, post, query, type Json } from './api.ts';

export async function listSystems(signal?: AbortSignal): Promise<Json[]> {
  const out: Json[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await get(`${paths.systems}${query({ limit: 1000, after })}`, signal);
    out.push(...((page.systems as Json[] | undefined) ?? []));
    after = (page.next_after as string | null | undefined) ?? undefined;
    if (!after) return out;
  }
}

/** Every batch the caller sees (the list is paged: limit and after, docs/api.md). */
export async function listBatches(signal?: AbortSignal): Promise<Json[]> {
  const out: Json[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await get(`${paths.batches}${query({ limit: 1000, after })}`, signal);
    out.push(...((page.batches as Json[] | undefined) ?? []));
    after = (page.next_after as string | null | undefined) ?? undefined;
    if (!after) return out;
  }
}

export const showSystem = (id: string, signal?: AbortSignal) => get(paths.system(id), signal);

/** Certificate batches with their issuance (system, program, period): one certificateShow per issuance. */
export async function batchesWithIssuance(signal?: AbortSignal): Promise<Json[]> {
  const batches = await listBatches(signal);
  const byIssuance = new Map<string, Json>();
  for (const b of batches) if (!byIssuance.has(String(b.issuance))) byIssuance.set(String(b.issuance), b);
  const issuances = new Map<string, Json>();
  await Promise.all(
    [...byIssuance.entries()].slice(0, 200).map(async ([iss, b]) => {
      const shown = await get(paths.batch(String(b.id)), signal);
      issuances.set(iss, (shown.issuance as Json | undefined) ?? {});
    }),
  );
  return batches.map((b) => ({ ...b, issuance_record: issuances.get(String(b.issuance)) ?? null }));
}

export const dryRun = () => post(paths.issuance, { dryRun: true });

/** Balances by account from the ledger verification (active, pending, retired certificates). */
export const verifyLedger = (signal?: AbortSignal) => get(paths.ledgerVerify, signal);
