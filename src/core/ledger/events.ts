/**
 * The certificate ledger's events (issue 10): what the hash chain records, one event per change of a batch or
 * transfer. Stored as `{ type, payload }` where the payload is the event's members other than `type`
 * (`eventRecord` splits an event, `parseLedgerEvent` joins and checks one read back). Replaying the events in
 * order (replay.ts) gives every batch's and transfer's state; the batches and transfers tables must agree.
 *
 * Batch ranges are inclusive integer serial numbers under a serial prefix, quantity = last - first + 1, as in
 * EnergyTag's granular certificate registry (bundles identified by ranges that split on transfer).
 */
export type BatchStatusValue = 'active' | 'pending' | 'retired' | 'withdrawn' | 'split';
export type TransferStatusValue = 'pending' | 'accepted' | 'rejected' | 'withdrawn';

export const BATCH_STATUSES: readonly BatchStatusValue[] = [
  'active',
  'pending',
  'retired',
  'withdrawn',
  'split',
];
export const TRANSFER_STATUSES: readonly TransferStatusValue[] = [
  'pending',
  'accepted',
  'rejected',
  'withdrawn',
];

export interface BatchState {
  id: string;
  issuanceId: string;
  parentId: string | null;
  accountId: string;
  serialPrefix: string;
  first: number;
  last: number;
  quantity: number;
  unit: string;
  vintage: string;
  status: BatchStatusValue;
  beneficiary: string | null;
  reason: string | null;
  claimPeriod: string | null;
}

export interface TransferState {
  id: string;
  batchId: string;
  fromAccountId: string;
  toAccountId: string;
  status: TransferStatusValue;
}

export type LedgerEvent =
  /** An issuance; `batch` is the batch it made (status active), null when it made no whole certificate. */
  | { type: 'issue'; issuanceId: string; enrolmentId: string; period: string; batch: BatchState | null }
  /** The parent (active) becomes 'split'; the parts (active, same account) cover its range exactly. */
  | { type: 'split'; parentId: string; parts: BatchState[] }
  /** An immediate transfer of a whole (active) batch. */
  | { type: 'transfer'; batchId: string; fromAccountId: string; toAccountId: string }
  /** A transfer that waits for the receiver: the batch becomes pending. */
  | {
      type: 'transfer.request';
      transferId: string;
      batchId: string;
      fromAccountId: string;
      toAccountId: string;
    }
  /** The batch becomes active at the receiving account. */
  | { type: 'transfer.accept'; transferId: string; batchId: string }
  /** The batch becomes active at the sending account again. */
  | { type: 'transfer.reject'; transferId: string; batchId: string }
  | { type: 'transfer.withdraw'; transferId: string; batchId: string }
  /** Final. */
  | { type: 'retire'; batchId: string; beneficiary: string; reason: string; claimPeriod: string | null }
  /** Final. */
  | { type: 'withdraw'; batchId: string; reason: string };

export type LedgerEventType = LedgerEvent['type'];

export const LEDGER_EVENT_TYPES: readonly LedgerEventType[] = [
  'issue',
  'split',
  'transfer',
  'transfer.request',
  'transfer.accept',
  'transfer.reject',
  'transfer.withdraw',
  'retire',
  'withdraw',
];

/** An event as stored: its type, and its other members as the payload. */
export function eventRecord(event: LedgerEvent): { type: LedgerEventType; payload: Record<string, unknown> } {
  const { type, ...payload } = event;
  return { type, payload };
}

type Shape = Record<string, 'string' | 'string?' | 'batch' | 'batch?' | 'batches'>;

const SHAPES: Readonly<Record<LedgerEventType, Shape>> = {
  issue: { issuanceId: 'string', enrolmentId: 'string', period: 'string', batch: 'batch?' },
  split: { parentId: 'string', parts: 'batches' },
  transfer: { batchId: 'string', fromAccountId: 'string', toAccountId: 'string' },
  'transfer.request': {
    transferId: 'string',
    batchId: 'string',
    fromAccountId: 'string',
    toAccountId: 'string',
  },
  'transfer.accept': { transferId: 'string', batchId: 'string' },
  'transfer.reject': { transferId: 'string', batchId: 'string' },
  'transfer.withdraw': { transferId: 'string', batchId: 'string' },
  retire: { batchId: 'string', beneficiary: 'string', reason: 'string', claimPeriod: 'string?' },
  withdraw: { batchId: 'string', reason: 'string' },
};

const MEMBERS = Object.fromEntries(
  Object.entries(SHAPES).map(([type, shape]) => [type, Object.entries(shape)]),
) as unknown as Readonly<Record<LedgerEventType, [string, Shape[string]][]>>;

const BATCH_SHAPE: Readonly<Record<keyof BatchState, 'string' | 'string?' | 'integer' | 'status'>> = {
  id: 'string',
  issuanceId: 'string',
  parentId: 'string?',
  accountId: 'string',
  serialPrefix: 'string',
  first: 'integer',
  last: 'integer',
  quantity: 'integer',
  unit: 'string',
  vintage: 'string',
  status: 'status',
  beneficiary: 'string?',
  reason: 'string?',
  claimPeriod: 'string?',
};

/** A value as an error names it (`missing` for undefined, which JSON.stringify does not print). */
const shown = (v: unknown): string => (v === undefined ? 'missing' : JSON.stringify(v));

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const BATCH_MEMBERS = Object.entries(BATCH_SHAPE);
const BATCH_SIZE = BATCH_MEMBERS.length;

function batchProblem(value: unknown, where: string): string | undefined {
  if (!isRecord(value)) return `${where} is not an object`;
  for (const [key, kind] of BATCH_MEMBERS) {
    const v = value[key];
    const ok =
      kind === 'string'
        ? typeof v === 'string' && v !== ''
        : kind === 'string?'
          ? v === null || typeof v === 'string'
          : kind === 'integer'
            ? typeof v === 'number' && Number.isSafeInteger(v)
            : typeof v === 'string' && (BATCH_STATUSES as readonly string[]).includes(v);
    if (!ok) return `${where}.${key} is ${shown(v)}, not ${kind.replace('?', ' or null')}`;
  }
  // Every known member is there (above): more members than known means an unknown one.
  const keys = Object.keys(value);
  if (keys.length !== BATCH_SIZE) {
    const unknown = keys.find((key) => !(key in BATCH_SHAPE));
    return `${where} has an unknown member ${JSON.stringify(unknown)}`;
  }
  return undefined;
}

/**
 * The event `type` + `payload` describe, or why they describe none: an unknown type, a missing or mistyped
 * member, or a member the event does not have.
 */
export function parseLedgerEvent(
  type: string,
  payload: unknown,
): { event: LedgerEvent } | { reason: string } {
  if (!(LEDGER_EVENT_TYPES as readonly string[]).includes(type))
    return { reason: `unknown event type ${JSON.stringify(type)}` };
  const members = MEMBERS[type as LedgerEventType];
  if (!isRecord(payload)) return { reason: `the payload of a ${type} event is not an object` };
  for (const [key, kind] of members) {
    const v = payload[key];
    let problem: string | undefined;
    if (kind === 'string') {
      if (typeof v !== 'string' || v === '') problem = `${key} is ${shown(v)}, not text`;
    } else if (kind === 'string?') {
      if (v !== null && typeof v !== 'string') problem = `${key} is ${shown(v)}, not text or null`;
    } else if (kind === 'batch') {
      problem = batchProblem(v, key);
    } else if (kind === 'batch?') {
      problem = v === null ? undefined : batchProblem(v, key);
    } else if (!Array.isArray(v) || v.length === 0) {
      problem = `${key} is not a non-empty list of batches`;
    } else {
      for (let i = 0; i < v.length && problem === undefined; i++)
        problem = batchProblem(v[i], `${key}[${i}]`);
    }
    if (problem !== undefined) return { reason: `${type} event: ${problem}` };
  }
  const keys = Object.keys(payload);
  if (keys.length !== members.length) {
    const shape = SHAPES[type as LedgerEventType];
    const unknown = keys.find((key) => !(key in shape));
    return { reason: `${type} event: unknown member ${JSON.stringify(unknown)}` };
  }
  return { event: { type, ...payload } as LedgerEvent };
}
