import { InputError } from '../errors.ts';
import { ENERGY_UNITS, J_PER_BTU } from '../units/index.ts';
import type { Program } from './schema.ts';

export interface CertificateCount {
  /** Whole certificates: only whole ones are issued. */
  certificates: number;
  /** energyJ x multiplier / unitEnergyJ, unrounded: what a registry carrying remainders issues on average. */
  creditedCertificates: number;
  /** Energy (J, before the multiplier) not yet certified; some registries carry it forward (M-RETS does). */
  remainderJ: number;
  /** Unit of one certificate: 'MWh' or 'Dth'. */
  unit: string;
  /** Energy of one certificate, J, as the program defines it. */
  unitEnergyJ: number;
}

/**
 * Joules in one MWh as counted: a program's or method's BTU-per-MWh constant when it has one (New Hampshire
 * and the GREC formula: 3,412,000 BTU = 1 MWh, RSA 362-F:6 V; Emergent Energy Solutions, 2022), else the
 * exact 3.6 GJ (null).
 */
export function jPerMwh(btuPerMwh: number | null): number {
  return btuPerMwh === null ? ENERGY_UNITS.MWh : btuPerMwh * J_PER_BTU;
}

/**
 * Energy of one certificate, J: a MWh certificate by jPerMwh (the program's constant by default); a
 * dekatherm is 1,000,000 BTU(IT) (M-RETS thermal: 1 certificate = 1 Dth).
 */
export function certificateUnitEnergyJ(
  program: Program,
  btuPerMwh: number | null = program.btuPerMwh.value,
): { unit: string; unitEnergyJ: number } {
  const cert = program.certificate.value;
  if (!cert)
    throw new InputError(
      `program ${program.id}: certificate size is unknown, so certificates cannot be counted`,
      {
        field: 'certificate',
      },
    );
  if (cert.unit === 'Dth') return { unit: 'Dth', unitEnergyJ: cert.size * ENERGY_UNITS.Dth };
  return { unit: 'MWh', unitEnergyJ: cert.size * jPerMwh(btuPerMwh) };
}

/**
 * Whole certificates of `unit` for `energyJ` of counted energy: floor(energyJ x multiplier / unitEnergyJ),
 * and the energy (J, before the multiplier) left over. A quotient within 1e-9 of the next whole number
 * counts as that number, so 3 x (1 MWh) of floating-point joules is 3 certificates, not 2.
 */
export function countCertificates(
  energyJ: number,
  { unit, unitEnergyJ }: { unit: string; unitEnergyJ: number },
  multiplier = 1,
): CertificateCount {
  if (!(energyJ >= 0) || !Number.isFinite(energyJ))
    throw new InputError('energy must be a finite number of 0 or more', { field: 'energyJ', value: energyJ });
  if (!(multiplier > 0))
    throw new InputError('multiplier must be greater than 0', { field: 'multiplier', value: multiplier });
  const quotient = (energyJ * multiplier) / unitEnergyJ;
  const whole = Math.floor(quotient);
  const certificates = quotient - whole > 1 - 1e-9 ? whole + 1 : whole;
  const remainderJ = Math.max(0, energyJ - (certificates * unitEnergyJ) / multiplier);
  return { certificates, creditedCertificates: quotient, remainderJ, unit, unitEnergyJ };
}

/**
 * Whole certificates for counted energy under a program. `btuPerMwh` defaults to the program's constant; the
 * registry passes the one it used for `mwh` so the two never disagree.
 */
export function certificatesFromEnergy(
  program: Program,
  energyJ: number,
  multiplier = 1,
  btuPerMwh: number | null = program.btuPerMwh.value,
): CertificateCount {
  return countCertificates(energyJ, certificateUnitEnergyJ(program, btuPerMwh), multiplier);
}
