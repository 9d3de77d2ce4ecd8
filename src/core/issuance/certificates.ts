import { check, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';
import { grouped, plainNumber } from '../format.ts';
import { certificateUnitEnergyJ } from '../programs/certificates.ts';
import type { Program } from '../programs/schema.ts';
import { J_PER_BTU } from '../units/index.ts';

/** A non-negative rational number n / d, exactly (BigInt). */
interface Ratio {
  n: bigint;
  d: bigint;
}

/**
 * The exact decimal a number is written as (its shortest round-trip form, what a program file or a user wrote:
 * 3412000, 1055.05585262, 1.5) as a ratio of integers.
 */
function ratio(x: number): Ratio {
  const [mantissa = '0', exp = '0'] = String(x).toLowerCase().split('e');
  const [int = '0', frac = ''] = mantissa.split('.');
  let n = BigInt(int + frac);
  let d = 10n ** BigInt(frac.length);
  const e = Number(exp);
  if (e > 0) n *= 10n ** BigInt(e);
  else if (e < 0) d *= 10n ** BigInt(-e);
  return { n, d };
}

const mul = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.n, d: a.d * b.d });

/**
 * Energy of one certificate in Wh, exactly: a dekatherm is 1,000,000 BTU(IT) (M-RETS thermal); a MWh is the
 * program's BTU-per-MWh constant in BTU(IT) (RSA 362-F:6 V: 3,412,000 BTU), or exactly 1,000,000 Wh when the
 * program has none. 1 BTU(IT) = 1055.05585262 J (NIST SP 811), 1 Wh = 3,600 J.
 */
function unitEnergyWhExact(program: Program): Ratio {
  const cert = program.certificate.value;
  // certificateUnitEnergyJ has already refused a program without a certificate size.
  const size = ratio(cert?.size ?? 1);
  const jPerBtu = ratio(J_PER_BTU);
  const whPerBtu = { n: jPerBtu.n, d: jPerBtu.d * 3600n };
  if (cert?.unit === 'Dth') return mul(size, mul({ n: 1_000_000n, d: 1n }, whPerBtu));
  const btuPerMwh = program.btuPerMwh.value;
  if (btuPerMwh === null) return mul(size, { n: 1_000_000n, d: 1n });
  return mul(size, mul(ratio(btuPerMwh), whPerBtu));
}

export interface WholeCertificates {
  /** energy + adjustment + remainder in, Wh. */
  totalWh: number;
  /** Whole certificates: floor((energy + adjustment + remainder in) x multiplier / unit energy), exactly. */
  certificates: number;
  /** Energy (Wh, before the multiplier) left after them, carried to the next period; 0 when dropped. */
  remainderOutWh: number;
  unit: 'MWh' | 'Dth';
  /** Energy of one certificate, Wh (the program's unit; not an integer in general). */
  unitEnergyWh: number;
  remainderPolicy: 'carried-forward' | 'dropped';
  checks: Check[];
}

function wholeWh(field: string, value: number, min: number | null): void {
  if (!Number.isSafeInteger(value) || (min !== null && value < min))
    throw new InputError(`must be a whole number of Wh${min === null ? '' : ` of ${min} or more`}`, {
      path: [field],
      value,
    });
}

/**
 * Whole certificates for one (enrolment, period) and the remainder it carries forward (issue 10: "2.4 then
 * 2.7 MWh gives 2 then 3 certificates"). The total is the period's counted energy + prior-period adjustments
 * counted in it + the remainder carried in; certificates = floor(total x multiplier / certificate energy) in
 * exact integer arithmetic (BigInt over the exact decimals of the program's constants), so no floating-point
 * tolerance can credit a certificate that is not there. The remainder out is total - certificates x
 * certificate energy / multiplier, floored to whole Wh (less than 1 Wh per period never carried). A program that
 * drops remainders carries 0 (with a note); one that does not say carries them forward per enrolment (TREC's
 * assumption, after M-RETS and NEPOOL-GIS, which carry them; info check).
 */
export function issueWhole(input: {
  program: Program;
  energyWh: number;
  adjustmentWh: number;
  remainderInWh: number;
  multiplier: number;
}): WholeCertificates {
  const { program, energyWh, adjustmentWh, remainderInWh, multiplier } = input;
  wholeWh('energyWh', energyWh, 0);
  wholeWh('adjustmentWh', adjustmentWh, null);
  wholeWh('remainderInWh', remainderInWh, 0);
  if (!Number.isFinite(multiplier) || !(multiplier > 0))
    throw new InputError('multiplier must be a finite number greater than 0', {
      path: ['multiplier'],
      value: multiplier,
    });
  const totalWh = energyWh + adjustmentWh + remainderInWh;
  if (totalWh < 0)
    throw new InputError(
      `energy ${grouped(energyWh, 0)} Wh + adjustment ${grouped(adjustmentWh, 0)} Wh + remainder ` +
        `${grouped(remainderInWh, 0)} Wh is below 0: issued certificates cannot be taken back by a later period`,
      { path: ['adjustmentWh'], value: adjustmentWh },
    );
  const { unit, unitEnergyJ } = certificateUnitEnergyJ(program);
  const u = unitEnergyWhExact(program);
  const m = ratio(multiplier);
  const total = BigInt(totalWh);
  // certificates = floor(total x m / u) = floor(total m.n u.d / (m.d u.n))
  const certificates = (total * m.n * u.d) / (m.d * u.n);
  // remainder = total - c u / m = (total m.n u.d - c u.n m.d) / (m.n u.d) >= 0; floored to whole Wh.
  const remainderWh = (total * m.n * u.d - certificates * u.n * m.d) / (m.n * u.d);
  const checks: Check[] = [];
  const policy = program.remainder.value;
  let remainderOutWh = Number(remainderWh);
  let remainderPolicy: WholeCertificates['remainderPolicy'] = 'carried-forward';
  if (policy === 'dropped') {
    remainderPolicy = 'dropped';
    if (remainderOutWh > 0)
      checks.push(
        check(
          'remainder-dropped',
          'info',
          `program ${program.id} drops fractional remainders: ${grouped(remainderOutWh, 0)} Wh (less than one ${unit}) not carried forward`,
        ),
      );
    remainderOutWh = 0;
  } else if (policy === null)
    checks.push(
      check(
        'remainder-carried-assumed',
        'info',
        `program ${program.id} does not say what happens to a fractional remainder: TREC carries it forward per ` +
          `enrolment (TREC's assumption, as M-RETS and NEPOOL-GIS do); ${grouped(remainderOutWh, 0)} Wh carried`,
      ),
    );
  if (adjustmentWh !== 0)
    checks.push(
      check(
        'prior-period-adjustment',
        'info',
        `${grouped(adjustmentWh, 0)} Wh of data that arrived for already issued periods is counted in this one`,
      ),
    );
  return {
    totalWh,
    certificates: Number(certificates),
    remainderOutWh,
    unit: unit === 'Dth' ? 'Dth' : 'MWh',
    unitEnergyWh: unitEnergyJ / 3600,
    remainderPolicy,
    checks: multiplier === 1 ? checks : [...checks, multiplierNote(multiplier, unit)],
  };
}

function multiplierNote(multiplier: number, unit: string): Check {
  return check(
    'multiplier-applied',
    'info',
    `multiplier ${plainNumber(multiplier)}: each ${unit} of counted energy earns ${plainNumber(multiplier)} certificates`,
  );
}
