import { z } from 'zod';
import {
  assertActionable,
  assertTransferDecision,
  check,
  formatSerial,
  InputError,
  isOk,
  issueWhole,
  parsePeriod,
  splitRange,
  transferNeedsAcceptance,
  type Check,
  eventRecord,
} from '../core/index.ts';
import { computeGeneration, sumsByMonth, enrolledMonths, type Generation } from './generation.ts';
import { batchState } from './issuance.ts';
import type { BatchRecord, IssuanceRecord, LedgerVerification, TransferRecord } from './ledger-port.ts';
import type { AccountRecord, Registry, RegistryAction } from './registry-port.ts';
import { dbInput, idInput, made, open, organisationOf, periodInput } from './registry-open.ts';
import { transferSide } from './scope.ts';
import { defineUseCase } from './use-case.ts';

// The certificate ledger (issue 10): accounts, batches with readable serial ranges that split on transfer
// and retirement, transfers that wait for the receiving organisation unless it allows the sender, final
// retirements and withdrawals, every change appended to the hash chain (src/store/ledger.ts). The rules of
// what may happen to a batch are in src/core/ledger; this module orders the steps in one transaction.

const db = dbInput;
const id = idInput;
const quantity = z.number().int('expected a whole number of certificates').positive().optional();
const periodText = periodInput;

export const presentBatch = (b: BatchRecord) => ({
  id: b.id,
  serial_first: formatSerial(b.serialPrefix, b.first),
  serial_last: formatSerial(b.serialPrefix, b.last),
  quantity: b.quantity,
  unit: b.unit,
  vintage: b.vintage,
  status: b.status,
  account: b.accountId,
  issuance: b.issuanceId,
  parent: b.parentId,
  beneficiary: b.beneficiary,
  reason: b.reason,
  claim_period: b.claimPeriod,
  ...made(b),
});

const presentTransfer = (t: TransferRecord) => ({
  id: t.id,
  batch: t.batchId,
  from_account: t.fromAccountId,
  to_account: t.toAccountId,
  status: t.status,
  ...made(t),
  decided_by: t.decidedBy,
  decided_at: t.decidedAt === null ? null : new Date(t.decidedAt).toISOString(),
});

async function batchOf(tx: Registry, ref: string): Promise<BatchRecord> {
  const batch = await tx.getBatch(ref);
  if (!batch) throw new InputError(`no certificate batch ${ref}`, { path: ['batch'], value: ref });
  return batch;
}

async function accountOf(tx: Registry, ref: string, path: string) {
  const account = await tx.getAccount(ref);
  if (!account) throw new InputError(`no account ${ref}`, { path: [path], value: ref });
  return account;
}

/**
 * The part of `batch` an action takes: the whole batch, or its first `quantity` certificates split off (the
 * parent becomes `split`, two parts cover its range exactly; a `split` event records it).
 */
async function partOf(
  tx: Registry,
  a: RegistryAction,
  batch: BatchRecord,
  n: number | undefined,
): Promise<BatchRecord> {
  if (n === undefined || n === batch.quantity) return batch;
  const { moved, kept } = splitRange({ first: batch.first, last: batch.last }, n);
  const child = (r: { first: number; last: number }) =>
    tx.createBatch(a, {
      issuanceId: batch.issuanceId,
      parentId: batch.id,
      accountId: batch.accountId,
      serialPrefix: batch.serialPrefix,
      first: r.first,
      last: r.last,
      quantity: r.last - r.first + 1,
      unit: batch.unit,
      vintage: batch.vintage,
      status: 'active',
      beneficiary: null,
      reason: null,
      claimPeriod: null,
    });
  await tx.updateBatch(batch.id, { status: 'split' });
  const part = await child(moved);
  const rest = kept ? await child(kept) : null;
  await tx.appendEvent(
    a,
    eventRecord({
      type: 'split',
      parentId: batch.id,
      parts: [part, ...(rest ? [rest] : [])].map(batchState),
    }),
  );
  return part;
}

// ---- accounts

const presentAccount = (a: AccountRecord & { allowsFrom?: string[] }) => ({
  id: a.id,
  organisation_id: a.organisationId,
  name: a.name,
  is_default: a.isDefault,
  allows_from: a.allowsFrom ?? [],
  ...made(a),
});

export const accountAddUseCase = defineUseCase({
  name: 'accountAdd',
  summary: 'Add an account (a holding of certificates) to an organisation',
  input: z
    .object({ db, org: id.meta({ description: 'organisation id or name' }), name: z.string().trim().min(1) })
    .strict(),
  defaults: {},
  async run(i, { ports }) {
    const { registry, action } = await open(ports, i.db);
    const account = await registry.transaction(async (txr) => {
      const org = await organisationOf(txr, i.org);
      if ((await txr.listAccounts(org.id)).some((x) => x.name === i.name))
        throw new InputError(
          `organisation ${org.name} already has an account named ${JSON.stringify(i.name)}`,
          {
            path: ['name'],
            value: i.name,
          },
        );
      return txr.createAccount(action(), { organisationId: org.id, name: i.name });
    });
    return { account, checks: [] as Check[] };
  },
  present: (r) => ({ ...presentAccount(r.account), ok: true, checks: r.checks }),
});

export const accountAllowUseCase = defineUseCase({
  name: 'accountAllow',
  summary: 'Accept transfers from another account without asking each time',
  input: z.object({ db, account: id, from: id.meta({ description: 'the sending account' }) }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const { registry, action } = await open(ports, i.db);
    const account = await registry.transaction(async (txr) => {
      const tx = txr;
      const to = await accountOf(tx, i.account, 'account');
      const from = await accountOf(tx, i.from, 'from');
      if (to.id === from.id)
        throw new InputError('an account does not need to allow itself', { path: ['from'], value: i.from });
      if (to.allowsFrom.includes(from.id))
        throw new InputError(`account ${to.id} already accepts transfers from ${from.id}`, {
          path: ['from'],
          value: i.from,
        });
      await tx.allowTransfers(action(), { accountId: to.id, fromAccountId: from.id });
      return (await tx.getAccount(to.id)) ?? to;
    });
    return { account, checks: [] as Check[] };
  },
  present: (r) => ({ ...presentAccount(r.account), ok: true, checks: r.checks }),
});

// ---- certificates

const STATUSES = ['active', 'pending', 'retired', 'withdrawn', 'split'] as const;

export const certificatesUseCase = defineUseCase({
  name: 'certificates',
  summary: 'List certificate batches (of one account, in one status)',
  input: z
    .object({
      db,
      account: id.optional(),
      status: z.enum(STATUSES, { error: `allowed choices are ${STATUSES.join(', ')}` }).optional(),
    })
    .strict(),
  defaults: {},
  async run(i, { ports }) {
    const { registry } = await open(ports, i.db);
    const ledger = registry;
    const all = await ledger.listBatches({
      ...(i.account === undefined ? {} : { accountId: i.account }),
      ...(i.status === undefined ? {} : { status: i.status }),
    });
    // Split parents are history: listed only when asked for by status.
    const batches = i.status === undefined ? all.filter((b) => b.status !== 'split') : all;
    return { batches, checks: [] as Check[] };
  },
  present: (r) => ({ batches: r.batches.map(presentBatch), ok: true, checks: r.checks }),
});

export interface Reproduction {
  reproduced: boolean;
  differences: string[];
  generation: Generation;
}

/** Recomputes an issuance's generation from the stored data (as of its issue) and the loaded rule file. */
async function reproduce(
  ports: Parameters<typeof open>[0],
  tx: Registry,
  iss: IssuanceRecord,
): Promise<Reproduction> {
  const enrolment = (await tx.listEnrolments()).find((e) => e.id === iss.enrolmentId);
  const system = await tx.getSystem(iss.systemId);
  const site = system && (await tx.getSite(system.siteId));
  if (!enrolment || !system || !site)
    throw new Error(`issuance ${iss.id}: its enrolment, system or site is missing`);
  const program = ports.programs.get(iss.programId);
  const period = parsePeriod(iss.period);
  const months = enrolledMonths(period, enrolment, site.timeZone);
  const key = `${enrolment.id}|${period.id}`;
  const sums = await sumsByMonth(
    tx,
    months.map((m) => ({ key, systemId: system.id, ...m })),
    iss.createdAt,
  );
  const first = months[0];
  const last = months.at(-1);
  const uploads =
    first && last ? await tx.uploadsInRange(system.id, first.fromMs, last.toMs, iss.createdAt) : [];
  const generation = computeGeneration({
    program,
    enrolment,
    system,
    site,
    period,
    sums: sums.get(key) ?? new Map(),
    uploads,
  });
  const stored = iss.generation as Partial<Generation>;
  const differences: string[] = [];
  if (program.version !== iss.programVersion)
    differences.push(
      `issued under ${iss.programId} ${iss.programVersion}; the rule file loaded now is version ${program.version}`,
    );
  if (generation.energyWh !== iss.energyWh)
    differences.push(`energy: recomputed ${generation.energyWh} Wh, issued ${iss.energyWh} Wh`);
  for (const m of generation.months) {
    const s = stored.months?.find((x) => x.month === m.month);
    if (!s) differences.push(`${m.month}: not in the issued record`);
    else if (s.energyWh !== m.energyWh)
      differences.push(`${m.month}: recomputed ${m.energyWh} Wh, issued ${s.energyWh} Wh`);
  }
  const hashes = (l: readonly { sha256: string }[] | undefined) =>
    [...new Set((l ?? []).map((u) => u.sha256))].sort().join(',');
  if (hashes(generation.uploads) !== hashes(stored.uploads))
    differences.push(
      `the uploads behind the period differ from those recorded (${hashes(stored.uploads) || 'none'})`,
    );
  const whole = issueWhole({
    program,
    energyWh: generation.energyWh,
    adjustmentWh: iss.adjustmentWh,
    remainderInWh: iss.remainderInWh,
    multiplier: multiplierRecorded(iss),
  });
  if (whole.certificates !== iss.certificates)
    differences.push(`certificates: recomputed ${whole.certificates}, issued ${iss.certificates}`);
  if (whole.remainderOutWh !== iss.remainderOutWh)
    differences.push(
      `remainder carried: recomputed ${whole.remainderOutWh} Wh, issued ${iss.remainderOutWh} Wh`,
    );
  return { reproduced: differences.length === 0, differences, generation };
}

/** The multiplier the issuance used (kept in its generation record). */
function multiplierRecorded(iss: IssuanceRecord): number {
  const m = (iss.generation as { multiplier?: unknown }).multiplier;
  return typeof m === 'number' && m > 0 ? m : 1;
}

export const certificateShowUseCase = defineUseCase({
  name: 'certificateShow',
  summary: 'One batch: its serials, status, issuance and provenance; --verify recomputes it',
  input: z.object({ db, batch: id, verify: z.boolean() }).strict(),
  defaults: { verify: { value: false, source: 'TREC default: show without recomputing' } },
  async run(i, { ports }) {
    const { registry } = await open(ports, i.db);
    const ledger = registry;
    const batch = await batchOf(ledger, i.batch);
    const issuance = await ledger.getIssuance(batch.issuanceId);
    if (!issuance) throw new Error(`batch ${batch.id}: its issuance ${batch.issuanceId} is missing`);
    const transfers = (await ledger.listTransfers()).filter((t) => t.batchId === batch.id);
    const checks: Check[] = [];
    let verification: Reproduction | null = null;
    if (i.verify) {
      verification = await reproduce(ports, ledger, issuance);
      checks.push(
        verification.reproduced
          ? check(
              'batch-reproduced',
              'info',
              `the generation of ${issuance.period} recomputed from the stored data and rule version reproduces the batch exactly`,
            )
          : check(
              'batch-not-reproduced',
              'error',
              `the batch is not reproduced: ${verification.differences.join('; ')}`,
            ),
      );
    }
    return { batch, issuance, transfers, verification, checks };
  },
  present: (r) => ({
    ...presentBatch(r.batch),
    issuance: {
      id: r.issuance.id,
      enrolment: r.issuance.enrolmentId,
      system: r.issuance.systemId,
      period: r.issuance.period,
      program: r.issuance.programId,
      program_version: r.issuance.programVersion,
      method: r.issuance.method,
      energy_wh: r.issuance.energyWh,
      adjustment_wh: r.issuance.adjustmentWh,
      remainder_in_wh: r.issuance.remainderInWh,
      remainder_out_wh: r.issuance.remainderOutWh,
      certificates: r.issuance.certificates,
      unit: r.issuance.unit,
      code_version: r.issuance.codeVersion,
      generation: r.issuance.generation,
      checks: r.issuance.checks,
      ...made(r.issuance),
    },
    transfers: r.transfers.map(presentTransfer),
    verification: r.verification && {
      reproduced: r.verification.reproduced,
      differences: r.verification.differences,
    },
    ok: isOk(r.checks),
    checks: r.checks,
  }),
});

// ---- transfers

export const transferUseCase = defineUseCase({
  name: 'transfer',
  summary: "Transfer all or part of a batch to another account (another organisation's account must accept)",
  input: z
    .object({ db, batch: id, to: id.meta({ description: 'the receiving account' }), quantity })
    .strict(),
  defaults: {},
  async run(i, { ports }) {
    const { registry, action } = await open(ports, i.db);
    return registry.transaction(async (txr) => {
      const tx = txr;
      const a = action();
      const batch = await batchOf(tx, i.batch);
      assertActionable(batch, 'transfer', i.quantity);
      const to = await accountOf(tx, i.to, 'to');
      const from = await accountOf(tx, batch.accountId, 'batch');
      if (to.id === from.id)
        throw new InputError(`batch ${batch.id} is already in account ${to.id}`, {
          path: ['to'],
          value: i.to,
        });
      const part = await partOf(tx, a, batch, i.quantity);
      const immediate = !transferNeedsAcceptance({
        fromOrganisationId: from.organisationId,
        toOrganisationId: to.organisationId,
        fromAccountId: from.id,
        receiverAllowsFrom: to.allowsFrom,
      });
      if (immediate) {
        const moved = await tx.updateBatch(part.id, { accountId: to.id });
        await tx.appendEvent(
          a,
          eventRecord({ type: 'transfer', batchId: part.id, fromAccountId: from.id, toAccountId: to.id }),
        );
        return { batch: moved, transfer: null, checks: [] as Check[] };
      }
      const pending = await tx.updateBatch(part.id, { status: 'pending' });
      const transfer = await tx.createTransfer(a, {
        batchId: part.id,
        fromAccountId: from.id,
        toAccountId: to.id,
        status: 'pending',
      });
      await tx.appendEvent(
        a,
        eventRecord({
          type: 'transfer.request',
          transferId: transfer.id,
          batchId: part.id,
          fromAccountId: from.id,
          toAccountId: to.id,
        }),
      );
      return {
        batch: pending,
        transfer,
        checks: [
          check(
            'transfer-pending',
            'info',
            `account ${to.id} belongs to another organisation: the transfer waits until it is accepted (trec transfer accept ${transfer.id})`,
          ),
        ],
      };
    });
  },
  present: (r) => ({
    batch: presentBatch(r.batch),
    transfer: r.transfer && presentTransfer(r.transfer),
    ok: true,
    checks: r.checks,
  }),
});

const DECISIONS = ['accept', 'reject', 'withdraw'] as const;

export const transferDecideUseCase = defineUseCase({
  name: 'transferDecide',
  summary: 'Accept or reject a pending transfer (the receiver), or withdraw it (the sender)',
  input: z.object({ db, transfer: id, decision: z.enum(DECISIONS) }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const { registry, action } = await open(ports, i.db);
    return registry.transaction(async (txr) => {
      const tx = txr;
      const a = action();
      const transfer = await tx.getTransfer(i.transfer);
      if (!transfer)
        throw new InputError(`no transfer ${i.transfer}`, { path: ['transfer'], value: i.transfer });
      // The receiver accepts or rejects, the sender withdraws; the CLI's user (no actor) operates both sides.
      const status = assertTransferDecision(
        transfer,
        i.decision,
        await transferSide(tx, ports.actor, transfer),
      );
      const decided = await tx.decideTransfer(a, transfer.id, status);
      const batch = await tx.updateBatch(transfer.batchId, {
        status: 'active',
        accountId: i.decision === 'accept' ? transfer.toAccountId : transfer.fromAccountId,
      });
      await tx.appendEvent(
        a,
        eventRecord({
          type: `transfer.${i.decision}`,
          transferId: transfer.id,
          batchId: transfer.batchId,
        }),
      );
      return { transfer: decided, batch, checks: [] as Check[] };
    });
  },
  present: (r) => ({
    transfer: presentTransfer(r.transfer),
    batch: presentBatch(r.batch),
    ok: true,
    checks: r.checks,
  }),
});

export const transfersUseCase = defineUseCase({
  name: 'transfers',
  summary: 'List transfers (of one account, in one status)',
  input: z
    .object({
      db,
      account: id.optional(),
      status: z.enum(['pending', 'accepted', 'rejected', 'withdrawn']).optional(),
    })
    .strict(),
  defaults: {},
  async run(i, { ports }) {
    const { registry } = await open(ports, i.db);
    const transfers = await registry.listTransfers({
      ...(i.account === undefined ? {} : { accountId: i.account }),
      ...(i.status === undefined ? {} : { status: i.status }),
    });
    return { transfers, checks: [] as Check[] };
  },
  present: (r) => ({ transfers: r.transfers.map(presentTransfer), ok: true, checks: r.checks }),
});

// ---- retire, withdraw

export const retireUseCase = defineUseCase({
  name: 'retire',
  summary: 'Retire all or part of a batch for a beneficiary (final: it can never move again)',
  input: z
    .object({
      db,
      batch: id,
      quantity,
      beneficiary: z.string().trim().min(1),
      reason: z.string().trim().min(1),
      claimPeriod: periodText.optional().meta({ description: 'the period the retirement claims' }),
    })
    .strict(),
  defaults: {},
  async run(i, { ports }) {
    const { registry, action } = await open(ports, i.db);
    return registry.transaction(async (txr) => {
      const tx = txr;
      const a = action();
      const batch = await batchOf(tx, i.batch);
      assertActionable(batch, 'retire', i.quantity);
      const part = await partOf(tx, a, batch, i.quantity);
      const retired = await tx.updateBatch(part.id, {
        status: 'retired',
        beneficiary: i.beneficiary,
        reason: i.reason,
        claimPeriod: i.claimPeriod ?? null,
      });
      await tx.appendEvent(
        a,
        eventRecord({
          type: 'retire',
          batchId: part.id,
          beneficiary: i.beneficiary,
          reason: i.reason,
          claimPeriod: i.claimPeriod ?? null,
        }),
      );
      return { batch: retired, checks: [] as Check[] };
    });
  },
  present: (r) => ({ ...presentBatch(r.batch), ok: true, checks: r.checks }),
});

export const withdrawUseCase = defineUseCase({
  name: 'withdraw',
  summary: 'Withdraw a batch from circulation, with the reason (final)',
  input: z.object({ db, batch: id, reason: z.string().trim().min(1) }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const { registry, action } = await open(ports, i.db);
    return registry.transaction(async (txr) => {
      const tx = txr;
      const a = action();
      const batch = await batchOf(tx, i.batch);
      assertActionable(batch, 'withdraw');
      const withdrawn = await tx.updateBatch(batch.id, { status: 'withdrawn', reason: i.reason });
      await tx.appendEvent(a, eventRecord({ type: 'withdraw', batchId: batch.id, reason: i.reason }));
      return { batch: withdrawn, checks: [] as Check[] };
    });
  },
  present: (r) => ({ ...presentBatch(r.batch), ok: true, checks: r.checks }),
});

// ---- verify

export const ledgerVerifyUseCase = defineUseCase({
  name: 'ledgerVerify',
  summary: 'Recompute the event chain and every balance; name the first event that does not match',
  input: z.object({ db }).strict(),
  defaults: {},
  async run(i, { ports }): Promise<LedgerVerification & { checks: Check[] }> {
    const { registry } = await open(ports, i.db);
    const v = await registry.verifyLedger();
    const checks = v.ok
      ? [
          check(
            'ledger-verified',
            'info',
            `${v.events} events: every hash, sequence number and balance recomputes`,
          ),
        ]
      : [
          check(
            'ledger-broken',
            'error',
            `the ledger does not verify: ${v.firstBroken ? `${v.firstBroken.seq === null ? '' : `event ${v.firstBroken.seq}: `}${v.firstBroken.reason}` : (v.problems[0] ?? '')}`,
          ),
        ];
    return { ...v, checks };
  },
  present: (r) => ({
    events: r.events,
    first_broken: r.firstBroken,
    problems: r.problems,
    balances: r.balances.map((b) => ({
      account: b.accountId,
      unit: b.unit,
      active: b.active,
      pending: b.pending,
      retired: b.retired,
    })),
    ok: r.ok,
    checks: r.checks,
  }),
});
