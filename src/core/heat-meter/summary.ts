import { judgeCop } from '../heat-pump/carnot.ts';
import { jToKwh } from '../units/index.ts';
import type { IntervalAcc } from './accumulator.ts';
import type { CheckLog } from './check-log.ts';
import { isoUtc } from './intervals.ts';
import type { ElecBasis, HeatBasis, IntervalEnergy } from './types.ts';

/**
 * Tolerance of the register cross-check when no EN 1434 bound is known: 5 %, the largest flow-sensor MPE of
 * classes 2 and 3 (MI-004 7.3). With a meter class the interval's own EN 1434 bound is used.
 */
export const HEAT_CROSS_CHECK_PCT = 5;
/** Electricity register vs sampled power: twice the 1 % MPE of a class B active-energy meter (EN 50470-3). */
export const ELEC_CROSS_CHECK_PCT = 2;

export interface SummaryContext {
  heatBasis: HeatBasis;
  elecBasis: ElecBasis | null;
  /** EN 1434 bounds were computed (meter class given and heat from flow and temperatures). */
  hasBound: boolean;
  /** A heat register / an electricity power channel is present besides the basis (cross-checks). */
  crossHeat: boolean;
  crossElec: boolean;
  heatQuantumJ: number;
  elecQuantumJ: number;
  log: CheckLog;
}

/**
 * Derives the reported figures of one interval from its sums. `carryJ` is the defrost energy that exceeded
 * the heat of the previous interval (heat is never negative: the deficit moves on); returns the new carry.
 */
export function summarize(
  acc: IntervalAcc,
  ctx: SummaryContext,
  carryJ: number,
  out: IntervalEnergy[],
): number {
  const instant = ctx.heatBasis !== 'heat-register';
  const start = isoUtc(acc.startMs);
  const netJ = instant ? acc.posJ - acc.defrostJ - carryJ : acc.regHeatJ;
  const heatJ = netJ > 0 ? netJ : 0;
  const nextCarry = netJ < 0 ? -netJ : 0;
  if (netJ < 0 && acc.defrostJ > 0)
    ctx.log.add(
      'defrost-exceeds-heat',
      'warning',
      `defrost takes ${kwh(acc.defrostJ)} kWh, more than the ${kwh(acc.posJ)} kWh of heat in this interval: heat is reported as 0 and ${kwh(nextCarry)} kWh is netted from the next interval`,
      acc.startMs,
    );
  const coolJ = instant ? Math.max(0, acc.negJ - acc.defrostJ) : 0;
  const elecJ =
    ctx.elecBasis === 'elec-register' ? acc.regElecJ : ctx.elecBasis === 'elec-power' ? acc.elecPowJ : 0;
  const cop = ctx.elecBasis && elecJ > 0 ? heatJ / elecJ : null;
  if (ctx.elecBasis && elecJ <= 0 && heatJ > 0)
    ctx.log.add(
      'heat-without-electricity',
      'warning',
      `${kwh(heatJ)} kWh of heat with no electricity recorded: no COP for this interval`,
      acc.startMs,
    );
  const meanSupplyC = acc.supplyWeightJ > 0 ? acc.supplyJC / acc.supplyWeightJ : null;
  const meanSourceC = acc.sourceWeightJ > 0 ? acc.sourceJC / acc.sourceWeightJ : null;
  if (cop !== null && heatJ > 0 && meanSupplyC !== null && meanSourceC !== null) {
    const judged = judgeCop({ cop, mode: 'heating', sinkC: meanSupplyC, sourceC: meanSourceC, start });
    if (judged.check) ctx.log.push(judged.check);
  }
  // Net heat = gross heat - defrost: the absolute bounds of both add (docs/methods.md, EN 1434 section).
  const heatBoundJ = acc.boundPosJ + acc.boundDefrostJ;
  const coolBoundJ = acc.boundNegJ - acc.boundDefrostJ;
  let uncertaintyPct: number | null = null;
  if (ctx.hasBound && heatJ > 0) uncertaintyPct = (100 * heatBoundJ) / heatJ;
  else if (ctx.hasBound && coolJ > 0) uncertaintyPct = (100 * coolBoundJ) / coolJ;
  crossCheck(acc, ctx);
  const spanMs = acc.endMs - acc.startMs;
  out.push({
    startMs: acc.startMs,
    endMs: acc.endMs,
    heatJ,
    coolJ,
    defrostJ: instant ? acc.defrostJ : 0,
    elecJ,
    cop,
    coverage: spanMs > 0 ? Math.min(1, acc.coveredMs / spanMs) : 0,
    uncertaintyPct,
    netRenewableJ: ctx.elecBasis ? heatJ - elecJ : null,
    conservativeHeatJ: ctx.hasBound ? Math.max(0, heatJ - (heatJ > 0 ? heatBoundJ : 0)) : null,
    meanSupplyC,
    meanSourceC,
  });
  return nextCarry;
}

/**
 * A register and instant data over the same time measure the same energy: they must agree within the
 * meter's bound (or {@link HEAT_CROSS_CHECK_PCT}) plus two register steps (one at each end, the resolution
 * seen in the data). The heat register is compared with GROSS heating (before defrost netting), which is
 * what a heating meter registers.
 */
function crossCheck(acc: IntervalAcc, ctx: SummaryContext): void {
  if (ctx.crossHeat && ctx.heatBasis !== 'heat-register') {
    const tolPct = ctx.hasBound && acc.posJ > 0 ? (100 * acc.boundPosJ) / acc.posJ : HEAT_CROSS_CHECK_PCT;
    compare(acc, ctx, 'heat register', acc.regHeatCmpJ, acc.posJ, tolPct, ctx.heatQuantumJ, ctx.heatBasis);
  }
  if (ctx.crossElec && ctx.elecBasis === 'elec-register')
    compare(
      acc,
      ctx,
      'electricity register',
      acc.regElecCmpJ,
      acc.elecPowJ,
      ELEC_CROSS_CHECK_PCT,
      ctx.elecQuantumJ,
      'elec-register',
    );
}

function compare(
  acc: IntervalAcc,
  ctx: SummaryContext,
  what: string,
  registerJ: number,
  instantJ: number,
  tolPct: number,
  quantumJ: number,
  used: string,
): void {
  const steps = Number.isFinite(quantumJ) ? 2 * quantumJ : 0;
  if (Math.abs(registerJ - instantJ) <= (tolPct / 100) * instantJ + steps) return;
  const diffPct = instantJ > 0 ? (100 * (registerJ - instantJ)) / instantJ : Infinity;
  const other = what.startsWith('heat')
    ? 'flow and temperatures (or the heat power channel)'
    : 'the power channel';
  ctx.log.add(
    'register-mismatch',
    'warning',
    `${what} counts ${kwh(registerJ)} kWh, ${other} give ${kwh(instantJ)} kWh over the same time: ${diffPct.toFixed(1)} % apart, beyond the ${tolPct.toFixed(1)} % tolerance plus two register steps; the result uses ${used}`,
    acc.startMs,
  );
}

function kwh(j: number): string {
  return jToKwh(j).toFixed(3);
}
