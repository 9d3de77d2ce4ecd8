import { randomBytes } from 'node:crypto';
import type { IdSource } from '../app/index.ts';

/** Crockford base32 (no I, L, O, U), lower case: ids read aloud and typed without confusion. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * ULID-style tokens: 10 characters of time (ms) then 16 of randomness, 26 in all, so ids sort by creation
 * time. The composition root passes one to the store; tests pass `sequentialIds`.
 */
export function timeSortedIds(now: () => number = Date.now): IdSource {
  return {
    next() {
      let t = now();
      let time = '';
      for (let i = 0; i < 10; i++) {
        time = (ALPHABET[t % 32] ?? '0') + time;
        t = Math.floor(t / 32);
      }
      let rand = '';
      for (const byte of randomBytes(16)) rand += ALPHABET[byte % 32] ?? '0';
      return time + rand;
    },
  };
}

/** Deterministic tokens `000001`, `000002`, ... (tests, examples). */
export function sequentialIds(start = 1): IdSource {
  let n = start;
  return { next: () => String(n++).padStart(6, '0') };
}

export const ID_PREFIXES = {
  organisation: 'org',
  account: 'acct',
  site: 'site',
  system: 'sys',
  meter: 'mtr',
  enrolment: 'enr',
  upload: 'upl',
  issuance: 'iss',
  batch: 'bat',
  transfer: 'trf',
} as const;
export type Entity = keyof typeof ID_PREFIXES;

/** `sys_<token>`; a token that is not letters and digits is a defect of the id source. */
export function newId(ids: IdSource, entity: Entity): string {
  const token = ids.next();
  if (!/^[0-9A-Za-z]+$/.test(token))
    throw new Error(`id source gave ${JSON.stringify(token)}: not letters and digits`);
  return `${ID_PREFIXES[entity]}_${token}`;
}
