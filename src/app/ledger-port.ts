import type { Check } from '../core/index.ts';
import type { AccountRecord, RegistryAction } from './registry-port.ts';

/**
 * The ledger port (issue 10): issuances, certificate batches, transfers, attestations and the hash-chained
 * event log, as the issuance and ledger use cases see them. src/store/ledger-port.ts implements it over
 * Kysely in the registry's database; `Registry` extends it. The use cases hold the rules (src/core/issuance,
 * src/core/ledger) and call these inside `transaction()`; the store guarantees what only a database can:
 * one issuance per (enrolment, period) by a unique constraint, serial ranges that never overlap, and one
 * event chain appended in order even by concurrent processes.
 *
 * Energies are integer Wh, instants ms since 1970-01-01T00:00:00Z, periods `YYYY-MM` or `YYYY-Qn`.
 */

export type BatchStatus = 'active' | 'pending' | 'retired' | 'withdrawn' | 'split';
export type TransferStatus = 'pending' | 'accepted' | 'rejected' | 'withdrawn';

/** Exact sums of one system's stored hours in [fromMs, toMs), split by whether an hour has an error check. */
export interface PeriodSumsRecord {
  systemId: string;
  /** Hours stored (any meter of the system). */
  hours: number;
  /** Sums over hours without an error-severity check (what may be certified). */
  heatWh: number;
  coolWh: number;
  elecWh: number;
  uncertaintyWh: number;
  coverageS: number;
  /** Heat and cooling of hours that carry an error-severity check: never certified, reported. */
  heldHeatWh: number;
  heldCoolWh: number;
  /** Hours with an error-severity check. */
  errorHours: number;
  /** Energy the meter's gates already excluded (register jumps), Wh. */
  excludedWh: number;
}

/** What the issuer claims for one (enrolment, period); the store refuses a second claim by constraint. */
export interface NewIssuanceRecord {
  enrolmentId: string;
  systemId: string;
  accountId: string;
  period: string;
  periodStart: number;
  periodEnd: number;
  programId: string;
  programVersion: string;
  method: string;
  /** Counted energy of the period itself, and of prior-period adjustments counted in it, Wh. */
  energyWh: number;
  adjustmentWh: number;
  remainderInWh: number;
  remainderOutWh: number;
  /** Whole certificates (0 allowed: the row still carries the remainder forward). */
  certificates: number;
  /** 'MWh' or 'Dth'. */
  unit: string;
  /** Serial prefix for the batch (program, registry unit, vintage), e.g. `MD-GEO/GATS123/2026-Q3`. */
  serialPrefix: string;
  codeVersion: string;
  /** The generation record: inputs, figures, audit, checks, months, upload hashes (canonical JSON stored). */
  generation: unknown;
  checks: readonly Check[];
}

export interface IssuanceRecord extends Omit<NewIssuanceRecord, 'checks'> {
  id: string;
  checks: Check[];
  createdBy: string;
  createdAt: number;
}

export interface BatchRecord {
  id: string;
  issuanceId: string;
  /** The batch this one was split from; null for the batch an issuance made. */
  parentId: string | null;
  accountId: string;
  serialPrefix: string;
  /** Inclusive range: quantity = last - first + 1. */
  first: number;
  last: number;
  quantity: number;
  unit: string;
  /** The issuance's period (the vintage). */
  vintage: string;
  status: BatchStatus;
  /** Retirement: beneficiary, reason, claimed period; withdrawal: reason. */
  beneficiary: string | null;
  reason: string | null;
  claimPeriod: string | null;
  createdBy: string;
  createdAt: number;
}

export interface TransferRecord {
  id: string;
  /** The batch (part) that moves; pending while the transfer is. */
  batchId: string;
  fromAccountId: string;
  toAccountId: string;
  status: TransferStatus;
  createdBy: string;
  createdAt: number;
  decidedBy: string | null;
  decidedAt: number | null;
}

export interface AttestationRecord {
  enrolmentId: string;
  period: string;
  by: string;
  note: string | null;
  createdBy: string;
  createdAt: number;
}

/** One event of the chain. `hash` = SHA-256 hex of (`prevHash` + canonical JSON of the event's fields). */
export interface LedgerEventRecord {
  seq: number;
  at: number;
  actor: string;
  /** `issue`, `split`, `transfer`, `transfer.request`, `transfer.accept`, ..., `retire`, `withdraw`. */
  type: string;
  payload: unknown;
  prevHash: string;
  hash: string;
}

export interface LedgerVerification {
  ok: boolean;
  events: number;
  /** The first event whose hash, sequence or content does not match, or the first table row that differs. */
  firstBroken: { seq: number | null; reason: string } | null;
  problems: string[];
  balances: { accountId: string; unit: string; active: number; pending: number; retired: number }[];
}

export interface LedgerStore {
  createAccount(
    action: RegistryAction,
    input: { organisationId: string; name: string },
  ): Promise<AccountRecord>;
  getAccount(id: string): Promise<(AccountRecord & { allowsFrom: string[] }) | undefined>;
  allowTransfers(action: RegistryAction, input: { accountId: string; fromAccountId: string }): Promise<void>;

  /**
   * Sums per system over [fromMs, toMs) for many systems in one query (issuing 10,000 at once); with `asOfMs`,
   * only the hours of uploads made at or before it (recomputing an issuance from the data it had).
   */
  periodSums(
    systemIds: readonly string[],
    fromMs: number,
    toMs: number,
    asOfMs?: number,
  ): Promise<Map<string, PeriodSumsRecord>>;
  /** SHA-256 and name of the uploads whose hours fall in [fromMs, toMs) for a system (provenance), as of `asOfMs`. */
  uploadsInRange(
    systemId: string,
    fromMs: number,
    toMs: number,
    asOfMs?: number,
  ): Promise<{ sha256: string; fileName: string }[]>;

  /** Claims (enrolment, period): the new issuance, or undefined when one exists already (nothing written). */
  claimIssuance(action: RegistryAction, input: NewIssuanceRecord): Promise<IssuanceRecord | undefined>;
  getIssuance(id: string): Promise<IssuanceRecord | undefined>;
  listIssuances(filter?: { enrolmentId?: string; period?: string }): Promise<IssuanceRecord[]>;
  /** Next free serial number under a prefix (1 for a new prefix); the caller's transaction reserves `count`. */
  reserveSerials(prefix: string, count: number): Promise<{ first: number; last: number }>;

  recordAttestation(
    action: RegistryAction,
    input: { enrolmentId: string; period: string; by: string; note?: string | null },
  ): Promise<AttestationRecord>;
  getAttestation(enrolmentId: string, period: string): Promise<AttestationRecord | undefined>;

  createBatch(
    action: RegistryAction,
    input: Omit<BatchRecord, 'id' | 'createdBy' | 'createdAt'>,
  ): Promise<BatchRecord>;
  getBatch(id: string): Promise<BatchRecord | undefined>;
  listBatches(filter?: {
    accountId?: string;
    status?: BatchStatus;
    issuanceId?: string;
  }): Promise<BatchRecord[]>;
  updateBatch(
    id: string,
    change: Partial<Pick<BatchRecord, 'status' | 'accountId' | 'beneficiary' | 'reason' | 'claimPeriod'>>,
  ): Promise<BatchRecord>;

  createTransfer(
    action: RegistryAction,
    input: Omit<TransferRecord, 'id' | 'createdBy' | 'createdAt' | 'decidedBy' | 'decidedAt'>,
  ): Promise<TransferRecord>;
  getTransfer(id: string): Promise<TransferRecord | undefined>;
  listTransfers(filter?: { accountId?: string; status?: TransferStatus }): Promise<TransferRecord[]>;
  decideTransfer(
    action: RegistryAction,
    id: string,
    status: Exclude<TransferStatus, 'pending'>,
  ): Promise<TransferRecord>;

  /** Appends one event to the chain (serialised across processes); returns it with its seq and hashes. */
  appendEvent(action: RegistryAction, event: { type: string; payload: unknown }): Promise<LedgerEventRecord>;
  listEvents(filter?: { fromSeq?: number }): Promise<LedgerEventRecord[]>;
  /** Recomputes the chain and replays it against the batches and transfers tables. */
  verifyLedger(): Promise<LedgerVerification>;
}
