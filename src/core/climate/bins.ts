import { InputError } from '../errors.ts';
import { fToC } from '../units/index.ts';

/** One temperature bin: hours with lowC <= T < highC. */
export interface TemperatureBin {
  lowC: number;
  highC: number;
  hours: number;
}

/**
 * Temperature bins (hours per bin) of an hourly series, the input of the bin method (ASHRAE Handbook
 * Fundamentals, "Energy Estimating and Modeling Methods", bin method; EN 14825 uses 1 K bins the same way).
 * Bin k covers [k w, (k+1) w); every bin from the coldest to the warmest hour is listed, empty ones too, so the
 * hours sum to the series length.
 */
export function temperatureBins(tempsC: readonly number[], widthK = 1): TemperatureBin[] {
  if (!(widthK > 0)) throw new InputError('bin width must be > 0 K', { field: 'widthK', value: widthK });
  if (tempsC.length === 0) return [];
  const index = (t: number) => Math.floor(t / widthK);
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of tempsC) {
    if (!Number.isFinite(t)) throw new InputError('temperature must be a finite number', { value: t });
    lo = Math.min(lo, index(t));
    hi = Math.max(hi, index(t));
  }
  const hours = new Array<number>(hi - lo + 1).fill(0);
  for (const t of tempsC) hours[index(t) - lo] = (hours[index(t) - lo] as number) + 1;
  return hours.map((h, k) => ({ lowC: (lo + k) * widthK, highC: (lo + k + 1) * widthK, hours: h }));
}

/**
 * Default degree-hour base: 65 degF (= 18.33 degC), the base of US heating and cooling degree-days (NOAA
 * NCEI climate normals; ASHRAE Handbook Fundamentals, "Climatic Design Information").
 */
export const DEFAULT_DEGREE_BASE_C = fToC(65);

export interface DegreeHours {
  /** Sum over hours of max(0, base - T) x 1 h, in K h. */
  heatingKh: number;
  /** Sum over hours of max(0, T - base) x 1 h, in K h. */
  coolingKh: number;
  heatingBaseC: number;
  coolingBaseC: number;
}

/** Heating and cooling degree-hours of an hourly series (each value stands for one hour). */
export function degreeHours(
  tempsC: readonly number[],
  bases: { heatingBaseC?: number; coolingBaseC?: number } = {},
): DegreeHours {
  const heatingBaseC = bases.heatingBaseC ?? DEFAULT_DEGREE_BASE_C;
  const coolingBaseC = bases.coolingBaseC ?? DEFAULT_DEGREE_BASE_C;
  let heatingKh = 0;
  let coolingKh = 0;
  for (const t of tempsC) {
    heatingKh += Math.max(0, heatingBaseC - t);
    coolingKh += Math.max(0, t - coolingBaseC);
  }
  return { heatingKh, coolingKh, heatingBaseC, coolingBaseC };
}
