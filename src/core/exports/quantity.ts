import { J_PER_BTU, J_PER_WH } from '../units/index.ts';

/** A registry quantity's unit: MWh (NEPOOL-GIS, M-RETS RECs, PJM-GATS) or dekatherms (M-RETS thermal). */
export type QuantityUnit = 'MWh' | 'Dth';

/**
 * 1 BTU(IT) = 1055.05585262 J exactly (NIST SP 811, units/constants.ts), as the integer 105,505,585,262
 * of 1e-8 J, so that every conversion below is an exact integer division (BigInt), not floating point.
 */
const E8_J_PER_BTU = BigInt(Math.round(J_PER_BTU * 1e8));
const J_PER_WH_INT = BigInt(J_PER_WH);

/**
 * Thousandths of the registry unit in `energyWh` (a non-negative integer), truncated, never rounded up: a
 * registry file never reports more than was counted (NEPOOL GIS asks for verified data "without rounding"
 * and carries fractions forward itself; docs/exports.md). At most 0.001 of the unit per unit and month is
 * left unreported.
 *
 * - MWh with no program constant: 1 MWh = 3.6 GJ = 1,000,000 Wh, so thousandths = floor(Wh / 1000).
 * - MWh under a program's BTU/MWh constant B (New Hampshire RSA 362-F:6 V and the GREC formula: 3,412,000):
 *   MWh = Wh x 3600 J / (B x 1055.05585262 J); B is taken to 1e-6 BTU.
 * - Dth: 1 Dth = 1,000,000 BTU(IT) (M-RETS Renewable Thermal Operating Procedures, Section 1.1):
 *   Dth = Wh x 3600 J / (1e6 x 1055.05585262 J).
 */
export function quantityThousandths(energyWh: number, unit: QuantityUnit, btuPerMwh: number | null): bigint {
  const wh = BigInt(energyWh);
  if (unit === 'Dth') {
    // thousandths of Dth = Wh x 3600 x 1e8 x 1000 / (1e6 x E8_J_PER_BTU)
    return (wh * J_PER_WH_INT * 100_000n) / E8_J_PER_BTU;
  }
  if (btuPerMwh === null) return wh / 1000n;
  // thousandths of MWh = Wh x 3600 x 1e8 x 1000 / (B x E8_J_PER_BTU), with B in 1e-6 BTU: x 1e6 above.
  const microBtuPerMwh = BigInt(Math.round(btuPerMwh * 1e6));
  return (wh * J_PER_WH_INT * 100_000_000n * 1000n * 1_000_000n) / (microBtuPerMwh * E8_J_PER_BTU);
}

/** Thousandths as a plain decimal with three places: 2500n -> "2.500", 42n -> "0.042". */
export function threeDecimals(thousandths: bigint): string {
  const whole = thousandths / 1000n;
  const frac = (thousandths % 1000n).toString().padStart(3, '0');
  return `${whole.toString()}.${frac}`;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Year and month (1-12) of a `YYYY-MM` month, or undefined when it is not one. */
export function parseMonth(month: string): { year: number; month: number } | undefined {
  const m = MONTH.exec(month);
  return m ? { year: Number(m[1]), month: Number(m[2]) } : undefined;
}

/**
 * Days in a month of the Gregorian calendar: 30 days hath September, April, June and November; February 29
 * in a year divisible by 4, except centuries not divisible by 400 (2100 has 28, 2000 had 29).
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `MM/YYYY` (NEPOOL GIS's month/year, M-RETS's Vintage: 7 characters). */
export function mmYyyy(year: number, month: number): string {
  return `${two(month)}/${String(year)}`;
}

/** `MM/DD/YYYY` (M-RETS Start and End Date: 10 characters). */
export function mmDdYyyy(year: number, month: number, day: number): string {
  return `${two(month)}/${two(day)}/${String(year)}`;
}
