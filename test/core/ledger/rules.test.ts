import { describe, expect, it } from 'vitest';
import {
  assertActionable,
  assertTransferDecision,
  InputError,
  transferNeedsAcceptance,
} from '../../../src/core/index.ts';

describe('assertActionable: only an active batch can be acted on', () => {
  it('refuses a retired batch, naming it and its status', () => {
    const retired = { id: 'B1', status: 'retired', quantity: 5 };
    expect(() => assertActionable(retired, 'transfer')).toThrow(
      /batch B1 is retired: a retired certificate cannot be transferred/,
    );
    expect(() => assertActionable(retired, 'retire')).toThrow(
      /cannot be retired \(a retired certificate is final\)/,
    );
    expect(() => assertActionable(retired, 'withdraw')).toThrow(InputError);
  });
  it('refuses withdrawn, pending and split batches with their status', () => {
    expect(() => assertActionable({ id: 'B2', status: 'withdrawn', quantity: 1 }, 'retire')).toThrow(
      /batch B2 is withdrawn: a withdrawn certificate cannot be retired/,
    );
    expect(() => assertActionable({ id: 'B3', status: 'pending', quantity: 1 }, 'transfer')).toThrow(
      /batch B3 is pending: .*pending transfer/,
    );
    expect(() => assertActionable({ id: 'B4', status: 'split', quantity: 1 }, 'withdraw')).toThrow(
      /batch B4 is split: .*act on its parts/,
    );
  });
  it('allows an active batch, in whole or in part, but not more than it holds', () => {
    const active = { id: 'B5', status: 'active', quantity: 10 };
    expect(() => assertActionable(active, 'transfer')).not.toThrow();
    expect(() => assertActionable(active, 'retire', 10)).not.toThrow();
    expect(() => assertActionable(active, 'transfer', 11)).toThrow(
      /from 1 to 10, the certificates in batch B5/,
    );
    expect(() => assertActionable(active, 'transfer', 0)).toThrow(InputError);
    expect(() => assertActionable(active, 'transfer', 1.5)).toThrow(InputError);
  });
});

describe('assertTransferDecision', () => {
  const pending = { id: 'T1', status: 'pending' };
  it('the receiver accepts or rejects, the sender withdraws', () => {
    expect(assertTransferDecision(pending, 'accept', 'receiver')).toBe('accepted');
    expect(assertTransferDecision(pending, 'reject', 'receiver')).toBe('rejected');
    expect(assertTransferDecision(pending, 'withdraw', 'sender')).toBe('withdrawn');
    expect(assertTransferDecision(pending, 'accept', 'both')).toBe('accepted');
    expect(() => assertTransferDecision(pending, 'accept', 'sender')).toThrow(
      /only by the receiving account's side/,
    );
    expect(() => assertTransferDecision(pending, 'withdraw', 'receiver')).toThrow(
      /only by the sending account's side/,
    );
    expect(() => assertTransferDecision(pending, 'reject', 'none')).toThrow(InputError);
  });
  it('only while pending', () => {
    expect(() => assertTransferDecision({ id: 'T2', status: 'accepted' }, 'withdraw', 'sender')).toThrow(
      /transfer T2 is accepted: only a pending transfer can be withdrawn/,
    );
  });
});

describe('transferNeedsAcceptance', () => {
  it('another organisation accepts unless it allows the sender; the same organisation never waits', () => {
    const base = {
      fromOrganisationId: 'o1',
      toOrganisationId: 'o2',
      fromAccountId: 'a1',
      receiverAllowsFrom: [],
    };
    expect(transferNeedsAcceptance(base)).toBe(true);
    expect(transferNeedsAcceptance({ ...base, receiverAllowsFrom: ['a1'] })).toBe(false);
    expect(transferNeedsAcceptance({ ...base, receiverAllowsFrom: ['a9'] })).toBe(true);
    expect(transferNeedsAcceptance({ ...base, toOrganisationId: 'o1' })).toBe(false);
  });
});
