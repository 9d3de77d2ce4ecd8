import { InputError } from '../errors.ts';

/**
 * Serial ranges of certificate batches: inclusive, quantity = last - first + 1 (issue 10; EnergyTag's
 * granular-certificate registry holds certificates as bundles of integer ranges that split on transfer).
 */
export interface SerialRange {
  first: number;
  last: number;
}

const show = (r: SerialRange): string => `${r.first}-${r.last}`;

function checkRange(r: SerialRange, path: string): void {
  if (!Number.isSafeInteger(r.first) || !Number.isSafeInteger(r.last) || r.first < 1 || r.last < r.first)
    throw new InputError('a serial range is two whole numbers first <= last, from 1', {
      path: [path],
      value: { first: r.first, last: r.last },
    });
}

/** last - first + 1 */
export function rangeSize(r: SerialRange): number {
  checkRange(r, 'range');
  return r.last - r.first + 1;
}

/**
 * Splits off the first `quantity` numbers of a range (they move; the rest stays, null when none is left).
 * InputError when quantity is not a whole number from 1 to the range's size, naming both.
 */
export function splitRange(
  r: SerialRange,
  quantity: number,
): { moved: SerialRange; kept: SerialRange | null } {
  const size = rangeSize(r);
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > size)
    throw new InputError(`quantity must be a whole number from 1 to ${size}, the size of range ${show(r)}`, {
      path: ['quantity'],
      value: quantity,
    });
  const moved = { first: r.first, last: r.first + quantity - 1 };
  return { moved, kept: quantity === size ? null : { first: r.first + quantity, last: r.last } };
}

/** Whether `parts` cover `parent` exactly: every number once, no gap, no overlap, nothing outside it. */
export function coversExactly(
  parent: SerialRange,
  parts: readonly SerialRange[],
): { ok: boolean; reason: string | null } {
  checkRange(parent, 'parent');
  for (const p of parts)
    if (!Number.isSafeInteger(p.first) || !Number.isSafeInteger(p.last) || p.last < p.first)
      return { ok: false, reason: `part ${show(p)} is not a range (first <= last)` };
  if (!parts.length) return { ok: false, reason: `no parts cover ${show(parent)}` };
  const sorted = [...parts].sort((a, b) => a.first - b.first || a.last - b.last);
  let next = parent.first;
  for (const p of sorted) {
    if (p.first < parent.first || p.last > parent.last)
      return { ok: false, reason: `part ${show(p)} lies outside ${show(parent)}` };
    if (p.first < next)
      return { ok: false, reason: `part ${show(p)} overlaps the part before it (which ends at ${next - 1})` };
    if (p.first > next) return { ok: false, reason: `numbers ${next}-${p.first - 1} are in no part` };
    next = p.last + 1;
  }
  if (next <= parent.last) return { ok: false, reason: `numbers ${next}-${parent.last} are in no part` };
  return { ok: true, reason: null };
}
