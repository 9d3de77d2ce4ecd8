import { InputError } from '../errors.ts';
import type { MeterClassSpec } from './types.ts';

/**
 * EN 1434-1 maximum permissible errors (MPE) of a heat meter, in percent of the true value, as also laid down
 * in the Measuring Instruments Directive 2014/32/EU, Annex VI (MI-004), points 3 and 7.1-7.3:
 *   flow sensor  Ef = 1 + 0.01 qp/q, at most 3.5 %   (class 1)
 *                Ef = 2 + 0.02 qp/q, at most 5 %     (class 2)
 *                Ef = 3 + 0.05 qp/q, at most 5 %     (class 3)
 *   temperature sensor pair  Et = 0.5 + 3 dTmin/dT
 *   calculator               Ec = 0.5 + dTmin/dT
 *   complete meter           E = Ef + Et + Ec   (arithmetic sum, MI-004 point 3)
 * The limits hold for dTmin <= dT and qi <= q <= qs; outside them the meter is not specified. We evaluate dT
 * below dTmin at dTmin (reported separately as `dt-below-min`), so the bound stays finite: it is the
 * meter's limit at the edge of its range, not a statement about its error outside it.
 */
const FLOW_TERMS: Record<1 | 2 | 3, { base: number; slope: number; cap: number }> = {
  1: { base: 1, slope: 0.01, cap: 3.5 },
  2: { base: 2, slope: 0.02, cap: 5 },
  3: { base: 3, slope: 0.05, cap: 5 },
};

export interface MpeParts {
  flowPct: number;
  temperaturePct: number;
  calculatorPct: number;
  totalPct: number;
}

/** The three EN 1434 terms and their sum at one operating point (flow in m3/h, dT in K, either sign). */
export function en1434Mpe(spec: MeterClassSpec, flowM3h: number, dtK: number): MpeParts {
  const c = mpeConstants(spec);
  const flowPct = flowTermPct(c.base, c.slopeQp, c.cap, flowM3h);
  const ratio = dtRatio(spec.dtMinK, dtK);
  const temperaturePct = 0.5 + 3 * ratio;
  const calculatorPct = 0.5 + ratio;
  return { flowPct, temperaturePct, calculatorPct, totalPct: flowPct + temperaturePct + calculatorPct };
}

/** Ef + Et + Ec as a fraction (not percent), without building an object: used per sample. */
export function mpeFraction(
  base: number,
  slopeQp: number,
  cap: number,
  dtMinK: number,
  flowM3h: number,
  dtK: number,
): number {
  // Et + Ec = (0.5 + 3 r) + (0.5 + r) = 1 + 4 r
  return (flowTermPct(base, slopeQp, cap, flowM3h) + 1 + 4 * dtRatio(dtMinK, dtK)) / 100;
}

function flowTermPct(base: number, slopeQp: number, cap: number, flowM3h: number): number {
  return flowM3h > 0 ? Math.min(cap, base + slopeQp / flowM3h) : cap;
}

/** dTmin / dT with dT evaluated at no less than dTmin. */
function dtRatio(dtMinK: number, dtK: number): number {
  const dt = dtK < 0 ? -dtK : dtK;
  return dtMinK / (dt > dtMinK ? dt : dtMinK);
}

/** Constants of {@link mpeFraction} for a meter class, after validating it. */
export function mpeConstants(spec: MeterClassSpec): { base: number; slopeQp: number; cap: number } {
  if (!(spec.accuracyClass in FLOW_TERMS))
    throw new InputError('EN 1434 accuracy class must be 1, 2 or 3', {
      field: 'accuracyClass',
      value: spec.accuracyClass,
    });
  if (!(spec.qpM3h > 0) || !Number.isFinite(spec.qpM3h))
    throw new InputError('permanent flow rate qp must be a positive number of m3/h', {
      field: 'qpM3h',
      value: spec.qpM3h,
    });
  if (!(spec.dtMinK > 0) || !Number.isFinite(spec.dtMinK))
    throw new InputError('minimum temperature difference must be a positive number of kelvin', {
      field: 'dtMinK',
      value: spec.dtMinK,
    });
  const f = FLOW_TERMS[spec.accuracyClass];
  return { base: f.base, slopeQp: f.slope * spec.qpM3h, cap: f.cap };
}
