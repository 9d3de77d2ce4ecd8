// The ledger's pure parts (src/core/ledger): RFC 8785 canonical JSON, the event shapes, the replay and the
// balances. Expected values come from RFC 8785's text and from hand-worked ranges written here.
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  eventRecord,
  ledgerBalances,
  ledgerEventText,
  parseLedgerEvent,
  replayLedger,
  type BatchState,
  type LedgerEvent,
} from '../../src/core/index.ts';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts object members by UTF-16 code units, recursively; arrays keep their order', () => {
    // RFC 8785 section 3.2.3: the sorting example. Property names, as UTF-16 code units:
    // "\u20ac" (Euro sign, U+20AC), "\r" (U+000D), "\ufb33" (U+FB33), "1" (U+0031),
    // "\ud83d\ude00" (U+1F600 as the surrogate pair D83D DE00), "\u0080", "\u00f6" (o with diaeresis).
    // Sorted by code unit: \r (000D), 1 (0031), \u0080, \u00f6, \u20ac, \ud83d\ude00 (D83D), \ufb33 (FB33)
    // (the surrogate pair sorts before U+FB33 although its code point is larger: code units, not points).
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const text = canonicalJson(value);
    const order = [...text.matchAll(/"([^"]*)":"([^"]*)"/g)].map((m) => m[2]);
    expect(order).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
    expect(canonicalJson({ b: [3, { z: 1, a: 2 }], a: null })).toBe('{"a":null,"b":[3,{"a":2,"z":1}]}');
  });

  it('escapes strings as RFC 8785 3.2.2.2 says (shortest escapes, lower-case \\u00XX), no whitespace', () => {
    expect(canonicalJson({ s: '\u0000\b\t\n\f\r"\\/\u001f\u007f\u00e9\u20ac' })).toBe(
      '{"s":"\\u0000\\b\\t\\n\\f\\r\\"\\\\/\\u001f\u007f\u00e9\u20ac"}',
    );
    expect(canonicalJson([true, false, null, 'x'])).toBe('[true,false,null,"x"]');
  });

  it('accepts safe integers only (by default), and -0 as 0', () => {
    expect(canonicalJson({ n: 9_007_199_254_740_991, m: -42, z: -0 })).toBe(
      '{"m":-42,"n":9007199254740991,"z":0}',
    );
    expect(() => canonicalJson({ x: 1.5 })).toThrow(/\$\.x is 1\.5, not an integer/);
    expect(() => canonicalJson({ x: 2 ** 53 })).toThrow(/not an integer/);
    expect(() => canonicalJson([Number.NaN])).toThrow(/\$\[0\] is NaN/);
    expect(() => canonicalJson({ x: Infinity })).toThrow(/Infinity/);
    // With fractions: ECMAScript number serialisation (RFC 8785 3.2.2.3; its Appendix B examples).
    expect(canonicalJson([1e21, 1e-7, 0.000001, 333333333.3333333, 5e-324], { fractions: true })).toBe(
      '[1e+21,1e-7,0.000001,333333333.3333333,5e-324]',
    );
  });

  it('refuses undefined, functions, bigints and objects that are not plain, naming where', () => {
    expect(() => canonicalJson({ a: { b: undefined } })).toThrow(/\$\.a\.b is undefined/);
    expect(() => canonicalJson([1, undefined])).toThrow(/\$\[1\] is undefined/);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/\$\.d is not a plain object/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson(() => 1)).toThrow(/function/);
    expect(canonicalJson({ a: 1, b: undefined }, { omitUndefined: true })).toBe('{"a":1}');
  });

  it('builds the hashed event text as canonicalJson of { seq, at, actor, type, payload }', () => {
    const payload = { batchId: 'bat_1', reason: 'meter fault', z: [1, 2] };
    const fields = { seq: 7, at: 1_700_000_000_000, actor: 'ann "the" auditor', type: 'withdraw' };
    expect(ledgerEventText(fields, canonicalJson(payload))).toBe(canonicalJson({ ...fields, payload }));
    expect(ledgerEventText(fields, '{}')).toBe(
      '{"actor":"ann \\"the\\" auditor","at":1700000000000,"payload":{},"seq":7,"type":"withdraw"}',
    );
  });
});

const batch = (over: Partial<BatchState> = {}): BatchState => ({
  id: 'b1',
  issuanceId: 'i1',
  parentId: null,
  accountId: 'A',
  serialPrefix: 'MD/GATS1/2026-Q3',
  first: 1,
  last: 10,
  quantity: 10,
  unit: 'MWh',
  vintage: '2026-Q3',
  status: 'active',
  beneficiary: null,
  reason: null,
  claimPeriod: null,
  ...over,
});

const issue = (over: Partial<BatchState> = {}, issuanceId = 'i1', period = '2026-Q3'): LedgerEvent => ({
  type: 'issue',
  issuanceId,
  enrolmentId: 'e1',
  period,
  batch: batch({ issuanceId, vintage: period, ...over }),
});
const part = (id: string, first: number, last: number, over: Partial<BatchState> = {}) =>
  batch({ id, parentId: 'b1', first, last, quantity: last - first + 1, ...over });

/** Events as stored (type + payload), numbered from 1. */
const stored = (events: LedgerEvent[]) => events.map((e, k) => ({ seq: k + 1, ...eventRecord(e) }));

describe('replayLedger', () => {
  it('splits, transfers (with and without acceptance), retires and withdraws; balances per account', () => {
    const r = replayLedger(
      stored([
        issue(),
        // 1-10 -> 1-3, 4-10 (hand: 3 + 7 = 10, no gap: 3 + 1 = 4).
        { type: 'split', parentId: 'b1', parts: [part('b2', 4, 10), part('b3', 1, 3)] },
        { type: 'transfer.request', transferId: 't1', batchId: 'b2', fromAccountId: 'A', toAccountId: 'B' },
        {
          type: 'retire',
          batchId: 'b3',
          beneficiary: 'City of Rockville',
          reason: 'RPS',
          claimPeriod: '2026',
        },
        issue({ id: 'b4', first: 11, last: 12, quantity: 2 }, 'i2', '2026-Q4'),
        { type: 'transfer', batchId: 'b4', fromAccountId: 'A', toAccountId: 'C' },
        issue({ id: 'b5', first: 13, last: 13, quantity: 1 }, 'i3', '2027-Q1'),
        { type: 'withdraw', batchId: 'b5', reason: 'meter fault' },
      ]),
    );
    expect(r.problems).toEqual([]);
    expect(r.batches.get('b1')?.status).toBe('split');
    expect(r.batches.get('b2')).toMatchObject({ status: 'pending', accountId: 'A' });
    expect(r.batches.get('b3')).toMatchObject({ status: 'retired', beneficiary: 'City of Rockville' });
    expect(r.transfers.get('t1')).toEqual({
      id: 't1',
      batchId: 'b2',
      fromAccountId: 'A',
      toAccountId: 'B',
      status: 'pending',
    });
    expect(r.batchSetBy.get('b2')).toBe(3);
    // A: b2 pending 7, b3 retired 3; C: b4 active 2; b5 withdrawn counts nowhere; b1 split counts via parts.
    expect(ledgerBalances(r.batches.values())).toEqual([
      { accountId: 'A', unit: 'MWh', active: 0, pending: 7, retired: 3 },
      { accountId: 'C', unit: 'MWh', active: 2, pending: 0, retired: 0 },
    ]);

    const accepted = replayLedger(
      stored([
        issue(),
        { type: 'transfer.request', transferId: 't1', batchId: 'b1', fromAccountId: 'A', toAccountId: 'B' },
        { type: 'transfer.accept', transferId: 't1', batchId: 'b1' },
      ]),
    );
    expect(accepted.problems).toEqual([]);
    expect(accepted.batches.get('b1')).toMatchObject({ status: 'active', accountId: 'B' });
    expect(accepted.transfers.get('t1')?.status).toBe('accepted');
    for (const type of ['transfer.reject', 'transfer.withdraw'] as const) {
      const back = replayLedger(
        stored([
          issue(),
          { type: 'transfer.request', transferId: 't1', batchId: 'b1', fromAccountId: 'A', toAccountId: 'B' },
          { type, transferId: 't1', batchId: 'b1' },
        ]),
      );
      expect(back.batches.get('b1')).toMatchObject({ status: 'active', accountId: 'A' });
      expect(back.transfers.get('t1')?.status).toBe(type === 'transfer.reject' ? 'rejected' : 'withdrawn');
    }
  });

  it('names the seq of every impossible event and does not apply it', () => {
    const cases: [LedgerEvent[], RegExp][] = [
      [
        [{ type: 'retire', batchId: 'nope', beneficiary: 'x', reason: 'y', claimPeriod: null }],
        /no batch nope/,
      ],
      [
        [
          issue(),
          { type: 'retire', batchId: 'b1', beneficiary: 'x', reason: 'y', claimPeriod: null },
          {
            type: 'transfer',
            batchId: 'b1',
            fromAccountId: 'A',
            toAccountId: 'B',
          },
        ],
        /batch b1 is retired, not active/,
      ],
      [
        [
          issue(),
          { type: 'withdraw', batchId: 'b1', reason: 'x' },
          { type: 'withdraw', batchId: 'b1', reason: 'y' },
        ],
        /batch b1 is withdrawn, not active/,
      ],
      [
        [
          issue(),
          { type: 'transfer.request', transferId: 't1', batchId: 'b1', fromAccountId: 'A', toAccountId: 'B' },
          { type: 'retire', batchId: 'b1', beneficiary: 'x', reason: 'y', claimPeriod: null },
        ],
        /batch b1 is pending, not active/,
      ],
      // 1-10 split into 1-3 and 5-10 leaves 4 uncovered; 1-4 and 4-10 overlap at 4; 1-3 and 4-11 go beyond.
      [
        [issue(), { type: 'split', parentId: 'b1', parts: [part('b2', 1, 3), part('b3', 5, 10)] }],
        /leave 4-4 uncovered/,
      ],
      [
        [issue(), { type: 'split', parentId: 'b1', parts: [part('b2', 1, 4), part('b3', 4, 10)] }],
        /overlap at 4-4/,
      ],
      [
        [issue(), { type: 'split', parentId: 'b1', parts: [part('b2', 1, 3), part('b3', 4, 11)] }],
        /go beyond it to 11/,
      ],
      [
        [issue(), { type: 'split', parentId: 'b1', parts: [part('b2', 1, 3), part('b3', 4, 9)] }],
        /leave 10-10 uncovered/,
      ],
      [
        [
          issue(),
          { type: 'split', parentId: 'b1', parts: [part('b2', 1, 3), part('b3', 4, 10, { accountId: 'B' })] },
        ],
        /part b3 has accountId B/,
      ],
      [[issue({ quantity: 9 })], /quantity 9, but MD\/GATS1\/2026-Q3 1-10 holds 10/],
      [[issue({ first: 0, quantity: 11 })], /serials start at 1/],
      [
        [issue(), issue({ id: 'b2', first: 10, last: 12, quantity: 3 }, 'i2', '2026-Q4')],
        /overlaps the range of batch b1/,
      ],
      [
        [issue(), issue({ id: 'b2', first: 11, last: 12, quantity: 2 }, 'i2')],
        /period 2026-Q3 was issued already/,
      ],
      [
        [issue(), issue({ id: 'b1', first: 11, last: 12, quantity: 2 }, 'i2', '2026-Q4')],
        /a batch with this id exists/,
      ],
      [
        [issue(), issue({ id: 'b2', first: 11, last: 12, quantity: 2 }, 'i1', '2026-Q4')],
        /issuance i1 was issued already/,
      ],
      [
        [issue(), { type: 'transfer', batchId: 'b1', fromAccountId: 'B', toAccountId: 'C' }],
        /held by A, not B/,
      ],
      [[issue(), { type: 'transfer.accept', transferId: 't9', batchId: 'b1' }], /no transfer t9/],
    ];
    for (const [events, reason] of cases) {
      const r = replayLedger(stored(events));
      expect(r.problems, String(reason)).toHaveLength(1);
      expect(r.problems[0]?.seq, String(reason)).toBe(events.length);
      expect(r.problems[0]?.reason).toMatch(reason);
    }
    // Not applied: the refused issue claims no range, so a later batch may take 1-2 under the prefix.
    const r = replayLedger(
      stored([issue({ quantity: 9 }), issue({ id: 'b2', first: 1, last: 2, quantity: 2 }, 'i2', '2026-Q4')]),
    );
    expect(r.problems.map((p) => p.seq)).toEqual([1]);
    expect(r.batches.has('b2')).toBe(true);
  });

  it('reports malformed events, unknown types and seqs that do not increase', () => {
    const r = replayLedger([
      { seq: 1, type: 'mint', payload: {} },
      { seq: 2, type: 'retire', payload: { batchId: 'b1', beneficiary: 'x', reason: 'y' } },
      { seq: 3, type: 'withdraw', payload: { batchId: 'b1', reason: 'y', extra: 1 } },
      { seq: 3, type: 'issue', payload: eventRecord(issue()).payload },
    ]);
    expect(r.problems).toEqual([
      { seq: 1, reason: 'unknown event type "mint"' },
      { seq: 2, reason: 'retire event: claimPeriod is missing, not text or null' },
      { seq: 3, reason: 'withdraw event: unknown member "extra"' },
      { seq: 3, reason: 'event 3 comes after event 3: seqs must increase' },
    ]);
    expect(parseLedgerEvent('issue', { ...eventRecord(issue()).payload, batch: null })).toEqual({
      event: { type: 'issue', issuanceId: 'i1', enrolmentId: 'e1', period: '2026-Q3', batch: null },
    });
  });
});
