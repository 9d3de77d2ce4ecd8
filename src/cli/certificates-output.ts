import { energyFromJ, type Program, type ProgramCertificates } from '../core/index.ts';
import { fmt } from './context.ts';

const kwh = (j: number) => energyFromJ(j, 'kWh');

/** What the program counts, from its energyCounted rule, in words. */
export function countedBasis(program: Program): string {
  const c = program.energyCounted;
  if (c.heating.value === false) return 'nothing (the program does not count heating)';
  return c.netOfElectricity.value === true
    ? 'heat - electricity (net)'
    : `heat${c.netOfElectricity.value === null ? ' (netting unknown: gross)' : ''}`;
}

/** JSON of certificates under a program (snake_case, units in names). */
export function certificatesJson(c: ProgramCertificates, program: Program) {
  return {
    program_id: c.programId,
    program_version: c.programVersion,
    eligible: c.eligible,
    size_class: c.sizeClass,
    counted: countedBasis(program),
    counted_kwh: kwh(c.energyJ),
    multiplier: c.multiplier,
    certificate_unit: c.unit,
    certificate_energy_kwh: kwh(c.unitEnergyJ),
    certificates: c.certificates,
    remainder_kwh: kwh(c.remainderJ),
    credited_certificates: c.creditedCertificates,
  };
}

/** One line for people. */
export function certificatesLine(c: ProgramCertificates, program: Program): string {
  const eligible = c.eligible === false ? ' (NOT ELIGIBLE)' : '';
  return (
    `program ${c.programId} v${c.programVersion}${eligible}: counts ${countedBasis(program)} = ${fmt(kwh(c.energyJ), 0)} kWh` +
    ` x multiplier ${c.multiplier} / ${fmt(kwh(c.unitEnergyJ), 3)} kWh per ${c.unit} certificate` +
    ` -> ${c.certificates} certificates, remainder ${fmt(kwh(c.remainderJ), 0)} kWh`
  );
}
