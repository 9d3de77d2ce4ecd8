import { readFileSync } from 'node:fs';
import {
  InputError,
  tonsToW,
  validateProgram,
  type Program,
  type SystemRegistration,
} from '../../../src/core/index.ts';

/** A program rule file as stored in programs/, validated. */
export function program(id: string): Program {
  const raw: unknown = JSON.parse(
    readFileSync(new URL(`../../../programs/${id}.json`, import.meta.url), 'utf8'),
  );
  return validateProgram(raw, `${id}.json`);
}

export function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

/** A ground-source system rated at `tons` and COP 3.5, commissioned 2023-01-01. */
export function groundSource(tons: number, more: Partial<SystemRegistration> = {}): SystemRegistration {
  return {
    technology: 'ground-source',
    ratedCapacityW: tonsToW(tons),
    capacityGivenAs: 'tons',
    ratedCop: 3.5,
    commissioned: '2023-01-01',
    ...more,
  };
}
