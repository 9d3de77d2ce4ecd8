import { InputError } from '../errors.ts';

/**
 * What the ledger allows (issue 10). Only an `active` batch can be transferred, retired or withdrawn: a
 * retired certificate is used up and a withdrawn one cancelled (both final), a pending one is on its way to
 * another account (NEPOOL-GIS: a transfer is accepted, rejected or withdrawn before the certificates move),
 * and a split batch lives on only as its parts. Each refusal names the batch and its status.
 */
export type LedgerAction = 'transfer' | 'retire' | 'withdraw';
export type TransferDecision = 'accept' | 'reject' | 'withdraw';
/** Which side of a transfer the acting user's accounts are on. */
export type TransferSide = 'sender' | 'receiver' | 'both' | 'none';

const PAST: Record<LedgerAction, string> = {
  transfer: 'transferred',
  retire: 'retired',
  withdraw: 'withdrawn',
};

function why(status: string): string {
  switch (status) {
    case 'retired':
      return 'a retired certificate is final';
    case 'withdrawn':
      return 'a withdrawn certificate is final';
    case 'pending':
      return 'it is in a pending transfer until that is accepted, rejected or withdrawn';
    case 'split':
      return 'it was split: act on its parts';
    default:
      return 'only an active batch can be acted on';
  }
}

/**
 * Refuses an action on a batch that is not active, and a quantity that is not a whole number from 1 to the
 * batch's quantity (InputError naming the batch, its status or quantity, and the rule).
 */
export function assertActionable(
  batch: { id: string; status: string; quantity: number },
  action: LedgerAction,
  quantity?: number,
): void {
  if (batch.status !== 'active') {
    const article = /^[aeiou]/.test(batch.status) ? 'an' : 'a';
    throw new InputError(
      `batch ${batch.id} is ${batch.status}: ${article} ${batch.status} certificate cannot be ${PAST[action]} (${why(batch.status)})`,
      { path: ['batch'], value: batch.id },
    );
  }
  if (
    quantity !== undefined &&
    (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > batch.quantity)
  )
    throw new InputError(
      `quantity must be a whole number from 1 to ${batch.quantity}, the certificates in batch ${batch.id}`,
      { path: ['quantity'], value: quantity },
    );
}

const DECIDED: Record<TransferDecision, 'accepted' | 'rejected' | 'withdrawn'> = {
  accept: 'accepted',
  reject: 'rejected',
  withdraw: 'withdrawn',
};

/**
 * Who may decide a pending transfer: the receiving account's side accepts or rejects it, the sender withdraws
 * it (issue 10, after NEPOOL-GIS, whose transfers are accepted, rejected or withdrawn), and only while it is
 * pending.
 * Returns the status the transfer takes.
 */
export function assertTransferDecision(
  transfer: { id: string; status: string },
  decision: TransferDecision,
  actorAccountSide: TransferSide,
): 'accepted' | 'rejected' | 'withdrawn' {
  if (transfer.status !== 'pending')
    throw new InputError(
      `transfer ${transfer.id} is ${transfer.status}: only a pending transfer can be ${DECIDED[decision]}`,
      { path: ['transfer'], value: transfer.id },
    );
  const needs = decision === 'withdraw' ? 'sender' : 'receiver';
  if (actorAccountSide !== needs && actorAccountSide !== 'both')
    throw new InputError(
      decision === 'withdraw'
        ? `transfer ${transfer.id} can be withdrawn only by the sending account's side`
        : `transfer ${transfer.id} can be ${DECIDED[decision]} only by the receiving account's side`,
      { path: ['transfer'], value: transfer.id },
    );
  return DECIDED[decision];
}

/**
 * Whether a transfer waits for the receiver: a transfer to an account of another organisation does, unless
 * that account accepts transfers from the sending account (EnergyTag's registry: the receiver's allow-list).
 */
export function transferNeedsAcceptance(input: {
  fromOrganisationId: string;
  toOrganisationId: string;
  fromAccountId: string;
  receiverAllowsFrom: readonly string[];
}): boolean {
  if (input.fromOrganisationId === input.toOrganisationId) return false;
  return !input.receiverAllowsFrom.includes(input.fromAccountId);
}
