// Shared set-up of the ledger store tests: a registered organisation with a second account, two systems with
// heat and electricity meters, enrolments, and a small ledger made through the Registry port.
import type { Kysely } from 'kysely';
import type { NewIssuanceRecord, Registry, RegistryAction } from '../../src/app/index.ts';
import { eventRecord, type BatchState } from '../../src/core/index.ts';
import {
  createEnrolment,
  createMeter,
  createOrganisation,
  createSite,
  createSystem,
  type Action,
  type Database,
} from '../../src/store/index.ts';
import { storeRegistry } from '../../src/store/registry-port.ts';

export const storeRegistryOf = (db: Kysely<Database>): Registry => storeRegistry(db, 'test');

export const AT = Date.UTC(2026, 9, 1, 12);

export async function registered(db: Kysely<Database>, a: Action) {
  const org = await createOrganisation(db, a, { name: 'Acme Heat' });
  const other = await createOrganisation(db, a, { name: 'Buyer Co' });
  const site = await createSite(db, a, {
    organisationId: org.id,
    name: 'Main St',
    state: 'MD',
    timeZone: 'UTC',
  });
  const system = await createSystem(db, a, {
    siteId: site.id,
    name: 'GSHP 1',
    technology: 'ground-source',
    ratedCapacityW: 14_000,
    ratedCop: 3.5,
  });
  const second = await createSystem(db, a, {
    siteId: site.id,
    name: 'GSHP 2',
    technology: 'ground-source',
    ratedCapacityW: 10_000,
    ratedCop: 3.2,
  });
  const heat = await createMeter(db, a, {
    systemId: system.id,
    kind: 'heat',
    serial: 'HM-1',
    en1434Class: 2,
  });
  const elec = await createMeter(db, a, { systemId: system.id, kind: 'electricity', serial: 'EM-1' });
  const heat2 = await createMeter(db, a, { systemId: second.id, kind: 'heat', serial: 'HM-2' });
  const enrolment = await createEnrolment(db, a, {
    systemId: system.id,
    programId: 'md-geothermal',
    programVersion: '2024-01',
    method: 'metered',
    startOn: '2026-01-01',
  });
  const enrolment2 = await createEnrolment(db, a, {
    systemId: second.id,
    programId: 'md-geothermal',
    programVersion: '2024-01',
    method: 'metered',
    startOn: '2026-01-01',
  });
  return { org, other, site, system, second, heat, elec, heat2, enrolment, enrolment2 };
}

export function newIssuance(
  over: Partial<NewIssuanceRecord> & Pick<NewIssuanceRecord, 'enrolmentId' | 'systemId' | 'accountId'>,
): NewIssuanceRecord {
  return {
    period: '2026-Q3',
    periodStart: Date.UTC(2026, 6, 1),
    periodEnd: Date.UTC(2026, 9, 1),
    programId: 'md-geothermal',
    programVersion: '2024-01',
    method: 'metered',
    energyWh: 10_400_000,
    adjustmentWh: 0,
    remainderInWh: 0,
    remainderOutWh: 400_000,
    certificates: 10,
    unit: 'MWh',
    serialPrefix: 'MD-GEO/GATS1/2026-Q3',
    codeVersion: 'test',
    generation: { cop: 3.25, months: ['2026-07', '2026-08', '2026-09'], uploads: [] },
    checks: [{ code: 'note', severity: 'info', message: 'a note' }],
    ...over,
  };
}

/**
 * Issues `certificates` for (enrolment, period) as a use case would: claim, reserve serials, make the batch,
 * append the issue event, all in one transaction. Returns the batch state, or undefined when already issued.
 */
export async function issue(
  registry: Registry,
  a: RegistryAction,
  input: NewIssuanceRecord,
): Promise<BatchState | null | undefined> {
  return registry.transaction(async (tx) => {
    // A use case reads first (the enrolment's previous issuance: the remainder it carries forward), then
    // writes: on SQLite that needs BEGIN IMMEDIATE to wait for another process instead of failing.
    await tx.listIssuances({ enrolmentId: input.enrolmentId });
    const i = await tx.claimIssuance(a, input);
    if (!i) return undefined;
    let state: BatchState | null = null;
    if (i.certificates > 0) {
      const { first, last } = await tx.reserveSerials(i.serialPrefix, i.certificates);
      const b = await tx.createBatch(a, {
        issuanceId: i.id,
        parentId: null,
        accountId: i.accountId,
        serialPrefix: i.serialPrefix,
        first,
        last,
        quantity: i.certificates,
        unit: i.unit,
        vintage: i.period,
        status: 'active',
        beneficiary: null,
        reason: null,
        claimPeriod: null,
      });
      state = stateOf(b);
    }
    await tx.appendEvent(
      a,
      eventRecord({
        type: 'issue',
        issuanceId: i.id,
        enrolmentId: i.enrolmentId,
        period: i.period,
        batch: state,
      }),
    );
    return state;
  });
}

export function stateOf(b: BatchState & { createdBy?: string; createdAt?: number }): BatchState {
  const { createdBy: _by, createdAt: _at, ...state } = b;
  return state;
}

/**
 * A small ledger: 10 certificates issued to the organisation's default account A; split 1-4 / 5-10; 5-10
 * transferred to B (requested, accepted); 1-4 retired. Events: 1 issue, 2 split, 3 transfer.request,
 * 4 transfer.accept, 5 retire. Balances by hand: A retired 4; B active 6.
 */
export async function smallLedger(db: Kysely<Database>, a: Action) {
  const reg = await registered(db, a);
  const registry = storeRegistryOf(db);
  const A = reg.org.defaultAccountId;
  const B = reg.other.defaultAccountId;
  const root = await issue(
    registry,
    a,
    newIssuance({ enrolmentId: reg.enrolment.id, systemId: reg.system.id, accountId: A }),
  );
  if (!root) throw new Error('not issued');
  const parts = await registry.transaction(async (tx) => {
    const mk = (first: number, last: number) =>
      tx.createBatch(a, { ...root, parentId: root.id, first, last, quantity: last - first + 1 });
    const p1 = stateOf(await mk(1, 4));
    const p2 = stateOf(await mk(5, 10));
    await tx.updateBatch(root.id, { status: 'split' });
    await tx.appendEvent(a, eventRecord({ type: 'split', parentId: root.id, parts: [p1, p2] }));
    return [p1, p2] as const;
  });
  const [low, high] = parts;
  const t = await registry.transaction(async (tx) => {
    const t = await tx.createTransfer(a, {
      batchId: high.id,
      fromAccountId: A,
      toAccountId: B,
      status: 'pending',
    });
    await tx.updateBatch(high.id, { status: 'pending' });
    await tx.appendEvent(
      a,
      eventRecord({
        type: 'transfer.request',
        transferId: t.id,
        batchId: high.id,
        fromAccountId: A,
        toAccountId: B,
      }),
    );
    return t;
  });
  await registry.transaction(async (tx) => {
    await tx.decideTransfer(a, t.id, 'accepted');
    await tx.updateBatch(high.id, { status: 'active', accountId: B });
    await tx.appendEvent(a, eventRecord({ type: 'transfer.accept', transferId: t.id, batchId: high.id }));
  });
  await registry.transaction(async (tx) => {
    await tx.updateBatch(low.id, {
      status: 'retired',
      beneficiary: 'City',
      reason: 'RPS',
      claimPeriod: '2026',
    });
    await tx.appendEvent(
      a,
      eventRecord({
        type: 'retire',
        batchId: low.id,
        beneficiary: 'City',
        reason: 'RPS',
        claimPeriod: '2026',
      }),
    );
  });
  return { ...reg, registry, A, B, root, low, high, transfer: t };
}
