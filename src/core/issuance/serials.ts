import { InputError } from '../errors.ts';

/**
 * Serial numbers a person can read (issue 10): `<program>/<registry unit>/<vintage>/<number>`, e.g.
 * `nh-class-i-thermal/NON12345/2026-Q3/000123`. Each part keeps only [A-Za-z0-9._-] (any other run of
 * characters, a slash included, becomes one `-`), so the slashes always separate parts. Numbers are
 * reserved per prefix by the store, so the serial is unique across the registry.
 */
const UNSAFE = /[^A-Za-z0-9._-]+/g;

function part(name: string, value: string): string {
  const clean = value
    .trim()
    .replace(UNSAFE, '-')
    .replace(/^-+|-+$/g, '');
  if (!clean)
    throw new InputError('a serial prefix part needs at least one letter or digit', { path: [name], value });
  return clean;
}

/** `program/unit/vintage`; the enrolment id stands in for the unit where the registry unit id is not known. */
export function serialPrefix(input: {
  programId: string;
  unitId: string | null;
  enrolmentId: string;
  vintage: string;
}): string {
  const unit =
    input.unitId !== null && input.unitId.trim() !== ''
      ? part('unitId', input.unitId)
      : part('enrolmentId', input.enrolmentId);
  return [part('programId', input.programId), unit, part('vintage', input.vintage)].join('/');
}

/** `${prefix}/000123`: the number with at least 6 digits. */
export function formatSerial(prefix: string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InputError('a serial number is a whole number of 1 or more', { path: ['serial'], value: n });
  return `${prefix}/${String(n).padStart(6, '0')}`;
}

/** The prefix and number of a serial written by formatSerial. */
export function parseSerial(serial: string): { prefix: string; n: number } {
  const at = serial.lastIndexOf('/');
  const digits = at < 0 ? '' : serial.slice(at + 1);
  const prefix = at < 0 ? '' : serial.slice(0, at);
  if (!/^\d{6,}$/.test(digits) || !prefix || !/^[A-Za-z0-9._/-]+$/.test(prefix))
    throw new InputError(
      'not a certificate serial: expected PROGRAM/UNIT/VINTAGE/NUMBER with a number of at least 6 digits (e.g. nh-class-i-thermal/NON12345/2026-Q3/000123)',
      { path: ['serial'], value: serial },
    );
  const n = Number(digits);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InputError('a serial number is a whole number of 1 or more', {
      path: ['serial'],
      value: serial,
    });
  return { prefix, n };
}
