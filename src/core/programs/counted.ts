import { check, type Check } from '../checks.ts';
import type { EnergyTotals, SystemType } from '../heat-pump/index.ts';
import { wToBtuh } from '../units/index.ts';
import { programMultiplier, sizeClassFor } from './apply.ts';
import { certificatesFromEnergy, type CertificateCount } from './certificates.ts';
import { countedEnergyJ, type EnergyCountedRule } from './counted-energy.ts';
import { TECHNOLOGIES, type Program } from './schema.ts';

type Technology = (typeof TECHNOLOGIES)[number];

/**
 * The program technologies a system type belongs to, classed by its heat source: an air-to-water or
 * air-to-air unit draws its heat from outdoor air, so it is an air-source heat pump; `air-to-water` is the
 * narrower class the proposed TREC program lists ("The Case for Thermal Recs (TREC) for Air Source Heat
 * Pumps"). TREC's classification, not a program's text.
 */
export const TECHNOLOGIES_OF: Record<SystemType, readonly Technology[]> = {
  'air-to-water': ['air-to-water', 'air-source'],
  'air-to-air': ['air-source'],
  'ground-source': ['ground-source'],
};

/** Whether a program's eligible technologies include this system type; null when it cannot be told. */
export function programEligibility(
  program: Program,
  type: SystemType | undefined,
): { eligible: boolean | null; checks: Check[] } {
  const listed = program.technologies.value;
  if (type === undefined)
    return {
      eligible: null,
      checks: [
        check(
          'technology-not-checked',
          'info',
          `no system type given: eligibility for program ${program.id} (${listed?.join(', ') ?? 'technologies unknown'}) not checked`,
        ),
      ],
    };
  if (listed === null)
    return {
      eligible: null,
      checks: [
        check(
          'eligibility-unknown',
          'warning',
          `program ${program.id} does not state its eligible technologies (${program.technologies.status}): certificates counted as if a system of type ${type} were eligible`,
        ),
      ],
    };
  if (TECHNOLOGIES_OF[type].some((t) => listed.includes(t))) return { eligible: true, checks: [] };
  return {
    eligible: false,
    checks: [
      check(
        'not-eligible',
        'error',
        `a system of type ${type} (${TECHNOLOGIES_OF[type].join(' / ')}) is not a technology program ${program.id} lists (${listed.join(', ')}): it earns no certificates there, so certificates are 0`,
      ),
    ],
  };
}

function sizeNotChecked(program: Program): Check {
  return check(
    'size-class-not-checked',
    'info',
    `no rated capacity given: program ${program.id}'s size classes not checked`,
  );
}

/** A program's `energyCounted` rule as countedEnergyJ (counted-energy.ts) takes it. */
export function energyCountedRule(program: Program): EnergyCountedRule {
  const c = program.energyCounted;
  return { heating: c.heating.value, cooling: c.cooling.value, netOfElectricity: c.netOfElectricity.value };
}

export interface ProgramCertificates extends CertificateCount {
  programId: string;
  programVersion: string;
  eligible: boolean | null;
  sizeClass: string | null;
  multiplier: number;
  /** Counted energy, J (before the multiplier), as given. */
  energyJ: number;
  checks: Check[];
}

/**
 * Certificates for energy a program counts (already counted by its rule, e.g. by countedEnergyJ): eligibility
 * by technology (not eligible: 0 certificates and an error check), size class and multiplier (programMultiplier:
 * a given one wins; an ambiguous one is an InputError on `multiplier`), then certificatesFromEnergy.
 */
export function programCertificates(
  program: Program,
  energyJ: number,
  system: { type?: SystemType; capacityW?: number; multiplier?: number },
): ProgramCertificates {
  const eligibility = programEligibility(program, system.type);
  const sized =
    system.capacityW !== undefined
      ? sizeClassFor(program, wToBtuh(system.capacityW))
      : { checks: program.sizeClasses.value ? [sizeNotChecked(program)] : [] };
  const none = eligibility.eligible === false;
  // Not eligible: no multiplier applies (and none is asked for); the certificate unit is still reported.
  const chosen = none
    ? { multiplier: system.multiplier ?? 1, checks: [] }
    : programMultiplier(program, sized.sizeClass, system.multiplier);
  const count = certificatesFromEnergy(program, energyJ, chosen.multiplier);
  return {
    ...count,
    ...(none ? { certificates: 0, creditedCertificates: 0, remainderJ: 0 } : {}),
    programId: program.id,
    programVersion: program.version,
    eligible: eligibility.eligible,
    sizeClass: sized.sizeClass?.name ?? null,
    multiplier: chosen.multiplier,
    energyJ,
    checks: [...eligibility.checks, ...sized.checks, ...chosen.checks],
  };
}

/**
 * Certificates from a seasonal estimate's (or any heat and electricity) totals under a program: the energy the
 * program counts (countedEnergyJ with the program's energyCounted rule), then programCertificates.
 */
export function estimateCertificates(
  program: Program,
  totals: Pick<EnergyTotals, 'heatJ' | 'elecJ'>,
  system: { type?: SystemType; capacityW?: number; multiplier?: number },
): ProgramCertificates {
  const counted = countedEnergyJ(totals, energyCountedRule(program));
  const result = programCertificates(program, counted.energyJ, system);
  return { ...result, checks: [...counted.checks, ...result.checks] };
}
