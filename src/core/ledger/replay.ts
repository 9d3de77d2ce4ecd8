import { parseLedgerEvent, type BatchState, type LedgerEvent, type TransferState } from './events.ts';

/**
 * Replays the ledger's events in order into the state of every batch and transfer (issue 10, part 4). An
 * impossible event is a problem naming its seq and is not applied: an unknown or malformed event, an unknown
 * batch or transfer, an action on a batch that is not active (retired, withdrawn, pending and split batches
 * are final or locked), split parts that do not cover their parent's range exactly, a quantity other than
 * last - first + 1, a range that overlaps another issued range under the same serial prefix, a duplicate id,
 * a second issuance of one (enrolment, period).
 */
export interface LedgerReplayResult {
  batches: Map<string, BatchState>;
  transfers: Map<string, TransferState>;
  problems: { seq: number; reason: string }[];
  /** The seq of the event that last set each batch, and each transfer. */
  batchSetBy: Map<string, number>;
  transferSetBy: Map<string, number>;
  /** Issuances the events recorded, by id, with the batch quantity they made (0 for none). */
  issuances: Map<string, { enrolmentId: string; period: string; certificates: number; seq: number }>;
}

export interface LedgerReplay {
  apply(event: { seq: number; type: string; payload: unknown }): void;
  result(): LedgerReplayResult;
}

/** Inclusive ranges under one serial prefix, sorted by first (issued ranges arrive mostly in order). */
class Ranges {
  private firsts: number[] = [];
  private lasts: number[] = [];
  private owners: string[] = [];

  /** The batch whose range overlaps [first, last], or undefined; adds the range when none does. */
  claim(first: number, last: number, owner: string): string | undefined {
    const { firsts, lasts } = this;
    // Index of the first range whose first > `first`.
    let lo = 0;
    let hi = firsts.length;
    if (hi > 0 && firsts[hi - 1]! <= first) lo = hi;
    else
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (firsts[mid]! <= first) lo = mid + 1;
        else hi = mid;
      }
    if (lo > 0 && lasts[lo - 1]! >= first) return this.owners[lo - 1];
    if (lo < firsts.length && firsts[lo]! <= last) return this.owners[lo];
    firsts.splice(lo, 0, first);
    lasts.splice(lo, 0, last);
    this.owners.splice(lo, 0, owner);
    return undefined;
  }
}

export function createLedgerReplay(): LedgerReplay {
  const batches = new Map<string, BatchState>();
  const transfers = new Map<string, TransferState>();
  const problems: { seq: number; reason: string }[] = [];
  const batchSetBy = new Map<string, number>();
  const transferSetBy = new Map<string, number>();
  const issuances = new Map<
    string,
    { enrolmentId: string; period: string; certificates: number; seq: number }
  >();
  const claimed = new Map<string, string>();
  const ranges = new Map<string, Ranges>();
  let lastSeq: number | undefined;

  const range = (b: BatchState) => `${b.serialPrefix} ${b.first}-${b.last}`;
  const shapeProblem = (b: BatchState, what: string): string | undefined => {
    if (b.first < 1) return `${what} ${b.id} starts at serial ${b.first}: serials start at 1`;
    if (b.last < b.first) return `${what} ${b.id} ends (${b.last}) before it starts (${b.first})`;
    if (b.quantity !== b.last - b.first + 1)
      return `${what} ${b.id} has quantity ${b.quantity}, but ${range(b)} holds ${b.last - b.first + 1} (quantity = last - first + 1)`;
    if (batches.has(b.id)) return `${what} ${b.id}: a batch with this id exists already`;
    return undefined;
  };
  const activeBatch = (id: string, action: string): BatchState | string => {
    const b = batches.get(id);
    if (!b) return `${action}: no batch ${id}`;
    if (b.status !== 'active') return `${action}: batch ${id} is ${b.status}, not active`;
    return b;
  };

  function step(seq: number, e: LedgerEvent): string | undefined {
    switch (e.type) {
      case 'issue': {
        if (issuances.has(e.issuanceId)) return `issue: issuance ${e.issuanceId} was issued already`;
        const key = `${e.enrolmentId} ${e.period}`;
        const before = claimed.get(key);
        if (before !== undefined)
          return `issue: enrolment ${e.enrolmentId} period ${e.period} was issued already (issuance ${before})`;
        const b = e.batch;
        if (b) {
          const bad = shapeProblem(b, 'issue: batch');
          if (bad) return bad;
          if (b.issuanceId !== e.issuanceId)
            return `issue: batch ${b.id} names issuance ${b.issuanceId}, not ${e.issuanceId}`;
          if (b.parentId !== null)
            return `issue: batch ${b.id} has a parent (${b.parentId}); an issued batch has none`;
          if (b.status !== 'active') return `issue: batch ${b.id} is issued ${b.status}, not active`;
          if (b.vintage !== e.period)
            return `issue: batch ${b.id} has vintage ${b.vintage}, not the period ${e.period}`;
          let r = ranges.get(b.serialPrefix);
          if (!r) ranges.set(b.serialPrefix, (r = new Ranges()));
          const overlap = r.claim(b.first, b.last, b.id);
          if (overlap !== undefined)
            return `issue: batch ${b.id} (${range(b)}) overlaps the range of batch ${overlap}`;
          batches.set(b.id, { ...b });
          batchSetBy.set(b.id, seq);
        }
        issuances.set(e.issuanceId, {
          enrolmentId: e.enrolmentId,
          period: e.period,
          certificates: b?.quantity ?? 0,
          seq,
        });
        claimed.set(key, e.issuanceId);
        return undefined;
      }
      case 'split': {
        const parent = activeBatch(e.parentId, 'split');
        if (typeof parent === 'string') return parent;
        const parts = [...e.parts].sort((a, b) => a.first - b.first);
        const ids = new Set<string>();
        let next = parent.first;
        for (const p of parts) {
          const bad = shapeProblem(p, 'split: part');
          if (bad) return bad;
          if (ids.has(p.id)) return `split: part ${p.id} appears twice`;
          ids.add(p.id);
          if (p.parentId !== parent.id)
            return `split: part ${p.id} names parent ${p.parentId}, not ${parent.id}`;
          for (const key of ['issuanceId', 'accountId', 'serialPrefix', 'unit', 'vintage'] as const)
            if (p[key] !== parent[key])
              return `split: part ${p.id} has ${key} ${p[key]}, its parent ${parent.id} ${parent[key]}`;
          if (p.status !== 'active') return `split: part ${p.id} is ${p.status}, not active`;
          if (p.first !== next)
            return p.first > next
              ? `split: the parts of ${parent.id} (${range(parent)}) leave ${next}-${p.first - 1} uncovered`
              : `split: the parts of ${parent.id} overlap at ${p.first}-${Math.min(next - 1, p.last)}`;
          next = p.last + 1;
        }
        if (next !== parent.last + 1)
          return next > parent.last + 1
            ? `split: the parts of ${parent.id} (${range(parent)}) go beyond it to ${next - 1}`
            : `split: the parts of ${parent.id} (${range(parent)}) leave ${next}-${parent.last} uncovered`;
        parent.status = 'split';
        batchSetBy.set(parent.id, seq);
        for (const p of parts) {
          batches.set(p.id, { ...p });
          batchSetBy.set(p.id, seq);
        }
        return undefined;
      }
      case 'transfer': {
        const b = activeBatch(e.batchId, 'transfer');
        if (typeof b === 'string') return b;
        if (b.accountId !== e.fromAccountId)
          return `transfer: batch ${b.id} is held by ${b.accountId}, not ${e.fromAccountId}`;
        if (e.toAccountId === e.fromAccountId) return `transfer: batch ${b.id} to the account that holds it`;
        b.accountId = e.toAccountId;
        batchSetBy.set(b.id, seq);
        return undefined;
      }
      case 'transfer.request': {
        if (transfers.has(e.transferId)) return `transfer.request: transfer ${e.transferId} exists already`;
        const b = activeBatch(e.batchId, 'transfer.request');
        if (typeof b === 'string') return b;
        if (b.accountId !== e.fromAccountId)
          return `transfer.request: batch ${b.id} is held by ${b.accountId}, not ${e.fromAccountId}`;
        if (e.toAccountId === e.fromAccountId)
          return `transfer.request: batch ${b.id} to the account that holds it`;
        b.status = 'pending';
        batchSetBy.set(b.id, seq);
        transfers.set(e.transferId, {
          id: e.transferId,
          batchId: b.id,
          fromAccountId: e.fromAccountId,
          toAccountId: e.toAccountId,
          status: 'pending',
        });
        transferSetBy.set(e.transferId, seq);
        return undefined;
      }
      case 'transfer.accept':
      case 'transfer.reject':
      case 'transfer.withdraw': {
        const t = transfers.get(e.transferId);
        if (!t) return `${e.type}: no transfer ${e.transferId}`;
        if (t.status !== 'pending') return `${e.type}: transfer ${t.id} is ${t.status}, not pending`;
        if (t.batchId !== e.batchId)
          return `${e.type}: transfer ${t.id} moves batch ${t.batchId}, not ${e.batchId}`;
        const b = batches.get(t.batchId);
        if (!b) return `${e.type}: no batch ${t.batchId}`;
        if (b.status !== 'pending') return `${e.type}: batch ${b.id} is ${b.status}, not pending`;
        b.status = 'active';
        if (e.type === 'transfer.accept') b.accountId = t.toAccountId;
        t.status =
          e.type === 'transfer.accept' ? 'accepted' : e.type === 'transfer.reject' ? 'rejected' : 'withdrawn';
        batchSetBy.set(b.id, seq);
        transferSetBy.set(t.id, seq);
        return undefined;
      }
      case 'retire': {
        const b = activeBatch(e.batchId, 'retire');
        if (typeof b === 'string') return b;
        b.status = 'retired';
        b.beneficiary = e.beneficiary;
        b.reason = e.reason;
        b.claimPeriod = e.claimPeriod;
        batchSetBy.set(b.id, seq);
        return undefined;
      }
      case 'withdraw': {
        const b = activeBatch(e.batchId, 'withdraw');
        if (typeof b === 'string') return b;
        b.status = 'withdrawn';
        b.reason = e.reason;
        batchSetBy.set(b.id, seq);
        return undefined;
      }
    }
  }

  return {
    apply({ seq, type, payload }) {
      if (lastSeq !== undefined && !(seq > lastSeq))
        problems.push({ seq, reason: `event ${seq} comes after event ${lastSeq}: seqs must increase` });
      lastSeq = seq;
      const parsed = parseLedgerEvent(type, payload);
      if ('reason' in parsed) {
        problems.push({ seq, reason: parsed.reason });
        return;
      }
      const reason = step(seq, parsed.event);
      if (reason !== undefined) problems.push({ seq, reason });
    },
    result: () => ({ batches, transfers, problems, batchSetBy, transferSetBy, issuances }),
  };
}

/** Every batch's and transfer's state after the events, in order, and the impossible events (by seq). */
export function replayLedger(
  events: readonly { seq: number; type: string; payload: unknown }[],
): LedgerReplayResult {
  const replay = createLedgerReplay();
  for (const e of events) replay.apply(e);
  return replay.result();
}

export interface LedgerBalance {
  accountId: string;
  unit: string;
  /** Certificates held and free to move, waiting in a transfer the account sent, and retired by it. */
  active: number;
  pending: number;
  retired: number;
}

/**
 * Certificates per account and unit: active, pending (a transfer the account sent that waits for the
 * receiver: still the sender's), retired. Withdrawn batches count nowhere; a split parent counts through its
 * parts. Sorted by account then unit.
 */
export function ledgerBalances(batches: Iterable<BatchState>): LedgerBalance[] {
  const by = new Map<string, LedgerBalance>();
  for (const b of batches) {
    if (b.status !== 'active' && b.status !== 'pending' && b.status !== 'retired') continue;
    const key = `${b.accountId}\u0000${b.unit}`;
    let row = by.get(key);
    if (!row)
      by.set(key, (row = { accountId: b.accountId, unit: b.unit, active: 0, pending: 0, retired: 0 }));
    row[b.status] += b.quantity;
  }
  return [...by.values()].sort((a, b) =>
    a.accountId < b.accountId
      ? -1
      : a.accountId > b.accountId
        ? 1
        : a.unit < b.unit
          ? -1
          : a.unit > b.unit
            ? 1
            : 0,
  );
}
