import { check, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';
import { certificatesFromEnergy, countCertificates, jPerMwh } from '../programs/certificates.ts';
import { programMultiplier, sizeClassFor } from '../programs/apply.ts';
import type { Program } from '../programs/schema.ts';
import { jToBtu, wToBtuh } from '../units/index.ts';
import { capacityAudit, copChecks, validateInputs } from './audit.ts';
import type { MethodEnergy } from './energy.ts';
import { calculateFullLoadHours } from './full-load-hours/calculate.ts';
import { calculateGrecFormula } from './grec-formula/calculate.ts';
import { calculateRuntimeRenewable } from './runtime-renewable/calculate.ts';
import { METHOD_NAMES, type MethodInputs, type MethodName, type MethodResult } from './types.ts';

const METHODS: Record<MethodName, (inputs: MethodInputs) => MethodEnergy> = {
  'grec-formula': calculateGrecFormula,
  'runtime-renewable': calculateRuntimeRenewable,
  'full-load-hours': calculateFullLoadHours,
};

export function isMethodName(name: string): name is MethodName {
  return (METHOD_NAMES as readonly string[]).includes(name);
}

/**
 * The method to compute when the caller names none: the program's only computable method. Without a
 * program, or where it lists none or several, the caller must choose (an InputError at `method`).
 */
export function defaultMethod(program?: Program): MethodName {
  const computable = (program?.methods.value ?? []).filter(isMethodName);
  const [only, ...others] = computable;
  if (only === undefined || others.length)
    throw new InputError(
      `required (one of ${METHOD_NAMES.join(', ')})${program ? `: program ${program.id} lists ${computable.length ? computable.join(', ') : 'no computable method'}` : ''}`,
      { path: ['method'] },
    );
  return only;
}

/**
 * Runs a prescriptive method, applies a program's constants when one is given (BTU per MWh, multiplier by
 * size class, full-load hours, certificate unit), and audits the result against the physics cap.
 */
export function calculateMethod(name: string, inputs: MethodInputs, program?: Program): MethodResult {
  if (!isMethodName(name))
    throw new InputError(`unknown method; use one of ${METHOD_NAMES.join(', ')}`, {
      field: 'method',
      value: name,
    });
  validateInputs(inputs);
  const checks: Check[] = [];
  const notes: string[] = [];
  let multiplier = inputs.multiplier ?? 1;
  let fullLoadHours = inputs.fullLoadHours;
  if (program) {
    const sized = sizeClassFor(program, wToBtuh(inputs.capacityW));
    const chosen = programMultiplier(program, sized.sizeClass, inputs.multiplier);
    multiplier = chosen.multiplier;
    fullLoadHours ??= program.fullLoadHours.value ?? undefined;
    checks.push(...programChecks(program, name), ...sized.checks, ...chosen.checks);
    if (sized.sizeClass) notes.push(`Program size class: ${sized.sizeClass.name}.`);
  }
  const used = { ...inputs, multiplier, ...(fullLoadHours === undefined ? {} : { fullLoadHours }) };
  const energy = METHODS[name](used);
  const btuPerMwh = program?.btuPerMwh.value ?? energy.btuPerMwh;
  const mwhJ = jPerMwh(btuPerMwh);
  const mwh = energy.energyJ / mwhJ;
  // Without a program: 1 certificate = 1 MWh, by the method's BTU/MWh constant when it has one.
  const cert = program
    ? certificatesFromEnergy(program, energy.energyJ, multiplier, btuPerMwh)
    : countCertificates(energy.energyJ, { unit: 'MWh', unitEnergyJ: mwhJ }, multiplier);
  const audit = capacityAudit({
    energyJ: energy.energyJ,
    mwh,
    capacityW: inputs.capacityW,
    periodH: energy.periodH,
    cop: inputs.cop,
    what: energy.what,
  });
  return {
    method: name,
    ...(program ? { programId: program.id, programVersion: program.version } : {}),
    inputs: { ...used, periodH: energy.periodH },
    basis: energy.basis,
    energyJ: energy.energyJ,
    btu: energy.btu ?? jToBtu(energy.energyJ),
    mwh,
    btuPerMwh,
    creditedMwh: mwh * multiplier,
    ...(energy.heatJ === undefined ? {} : { heatJ: energy.heatJ, heatMwh: energy.heatJ / mwhJ }),
    capJ: audit.capJ,
    renewableCapJ: audit.renewableCapJ,
    certificates: cert.certificates,
    certificateUnit: cert.unit,
    remainderJ: cert.remainderJ,
    checks: [...asProgramRule(audit.checks, program, name), ...copChecks(inputs), ...checks],
    notes: [...energy.notes, ...notes],
  };
}

/**
 * A program that lists a prescriptive method credits its figure as written, even where it exceeds the physics
 * cap (the published GREC formula always does): under such a program the figure is the program's certificate
 * basis, not a claim of delivered energy, so the cap is a warning stated beside it. Without a program, or
 * under one that does not list the method, the figure stands for delivered energy and exceeding the cap is an
 * error (docs/methods.md, "Physics audit").
 */
function asProgramRule(audit: Check[], program: Program | undefined, method: MethodName): Check[] {
  const listed = (program?.methods.value as readonly string[] | null | undefined)?.includes(method);
  if (!program || !listed) return audit;
  return audit.map((c) =>
    c.code === 'exceeds-capacity'
      ? check(
          c.code,
          'warning',
          `program ${program.id} v${program.version} credits ${method} as written, so this figure is its ` +
            `certificate basis, not delivered energy. ${c.message}`,
        )
      : c,
  );
}

function programChecks(program: Program, method: MethodName): Check[] {
  const checks: Check[] = [];
  const methods = program.methods.value;
  if (!methods)
    checks.push(
      check(
        'program-method-unsettled',
        'warning',
        `program ${program.id} has no settled calculation method: ${program.methods.note ?? 'see its sources'}`,
      ),
    );
  else if (!(methods as readonly string[]).includes(method))
    checks.push(
      check(
        'method-not-in-program',
        'warning',
        `program ${program.id} does not list ${method}; it lists ${methods.join(', ')}`,
      ),
    );
  if (program.programStatus === 'proposal')
    checks.push(
      check(
        'program-is-proposal',
        'info',
        `program ${program.id} is a proposal: no registry issues these certificates yet`,
      ),
    );
  return checks;
}
