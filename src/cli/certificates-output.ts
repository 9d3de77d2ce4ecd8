import { countedBasis } from '../app/index.ts';
import { energyFromJ, type Program, type ProgramCertificates } from '../core/index.ts';
import { fmt } from './context.ts';

const kwh = (j: number) => energyFromJ(j, 'kWh');

/** Certificates under a program, in one line for people (the JSON is the use case's: certificatesJson). */
export function certificatesLine(c: ProgramCertificates, program: Program): string {
  const eligible = c.eligible === false ? ' (NOT ELIGIBLE)' : '';
  return (
    `program ${c.programId} v${c.programVersion}${eligible}: counts ${countedBasis(program)} = ${fmt(kwh(c.energyJ), 0)} kWh` +
    ` x multiplier ${c.multiplier} / ${fmt(kwh(c.unitEnergyJ), 3)} kWh per ${c.unit} certificate` +
    ` -> ${c.certificates} certificates, remainder ${fmt(kwh(c.remainderJ), 0)} kWh`
  );
}
