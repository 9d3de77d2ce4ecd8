import type { Check } from '../checks.ts';
import { checkAhri } from './ahri.ts';
import { checkIsoDate } from './dates.ts';
import type { SystemRegistration } from './types.ts';

/** A system's own registration: its commissioning date, and its rated values against its AHRI certificate. */
export function checkSystem(system: SystemRegistration): Check[] {
  checkIsoDate(system.commissioned, ['commissioned']);
  return checkAhri(system).checks;
}
