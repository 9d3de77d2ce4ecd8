import { grouped } from '../format.ts';
import { check, type Check } from '../checks.ts';
import { judgeCop } from '../heat-pump/carnot.ts';
import { jToKwh } from '../units/index.ts';
import type { IntervalAcc } from './accumulator.ts';
import type { CheckLog } from './check-log.ts';
import { isoUtc } from './intervals.ts';
import type { SourceKind } from '../heat-pump/parametric.ts';
import type { ElecBasis, HeatBasis, IntervalEnergy, RegisterComparison } from './types.ts';

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
  /** 'total': the whole-file total (its findings mark no single interval as not ok). */
  scope: 'interval' | 'total';
  /** Source temperature assumed for the heating Carnot check when none is measured; null when measured. */
  assumedSourceC: number | null;
  sourceKind: SourceKind;
}

/** Adds an interval finding, spanning the interval (or, for the total, no single interval). */
function note(ctx: SummaryContext, acc: IntervalAcc, c: Check): void {
  if (ctx.scope === 'total') ctx.log.push(c);
  else ctx.log.push(c, acc.startMs, acc.endMs - 1);
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
  const coolJ = instant ? acc.coolJ : 0;
  const coolingCop = ctx.elecBasis && elecJ > 0 && coolJ > 0 && heatJ === 0 ? coolJ / elecJ : null;
  copChecks(acc, ctx, { heatJ, elecJ, cop, coolJ, coolingCop, meanSupplyC, meanSourceC, start });
  // Net heat = gross heat - defrost: the absolute bounds of both add (docs/methods.md, EN 1434 section).
  const heatBoundJ = acc.boundPosJ + acc.boundDefrostJ;
  const coolBoundJ = acc.boundCoolJ;
  let uncertaintyPct: number | null = null;
  if (ctx.hasBound && heatJ > 0) uncertaintyPct = (100 * heatBoundJ) / heatJ;
  else if (ctx.hasBound && coolJ > 0) uncertaintyPct = (100 * coolBoundJ) / coolJ;
  const { heatRegister, elecRegister } = crossCheck(acc, ctx);
  const spanMs = acc.endMs - acc.startMs;
  out.push({
    startMs: acc.startMs,
    endMs: acc.endMs,
    heatJ,
    coolJ,
    defrostJ: instant ? acc.defrostJ : 0,
    transientJ: instant ? acc.transientJ : 0,
    excludedJ: acc.excludedJ,
    excludedElecJ: acc.excludedElecJ,
    elecJ,
    cop,
    coolingCop,
    heatRegister,
    elecRegister,
    ok: true,
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
function crossCheck(
  acc: IntervalAcc,
  ctx: SummaryContext,
): { heatRegister: RegisterComparison | null; elecRegister: RegisterComparison | null } {
  let heatRegister: RegisterComparison | null = null;
  let elecRegister: RegisterComparison | null = null;
  if (ctx.crossHeat && ctx.heatBasis !== 'heat-register') {
    const tolPct = ctx.hasBound && acc.posJ > 0 ? (100 * acc.boundPosJ) / acc.posJ : HEAT_CROSS_CHECK_PCT;
    heatRegister = compare(
      acc,
      ctx,
      'heat register',
      acc.regHeatCmpJ,
      acc.posJ,
      tolPct,
      ctx.heatQuantumJ,
      ctx.heatBasis,
    );
  }
  if (ctx.crossElec && ctx.elecBasis === 'elec-register')
    elecRegister = compare(
      acc,
      ctx,
      'electricity register',
      acc.regElecCmpJ,
      acc.elecPowJ,
      ELEC_CROSS_CHECK_PCT,
      ctx.elecQuantumJ,
      'elec-register',
    );
  return { heatRegister, elecRegister };
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
): RegisterComparison {
  const differenceJ = registerJ - instantJ;
  const differencePct = instantJ > 0 ? (100 * differenceJ) / instantJ : null;
  const result = { registerJ, measuredJ: instantJ, differenceJ, differencePct };
  const steps = Number.isFinite(quantumJ) ? 2 * quantumJ : 0;
  if (Math.abs(differenceJ) <= (tolPct / 100) * instantJ + steps) return result;
  const other = what.startsWith('heat')
    ? 'flow and temperatures (or the heat power channel)'
    : 'the power channel';
  const apart =
    differencePct === null
      ? `${kwh(Math.abs(differenceJ))} kWh apart (no percentage: the instant data measured nothing)`
      : `${Math.abs(differencePct).toFixed(1)} % apart`;
  ctx.log.add(
    'register-mismatch',
    'warning',
    `${what} counts ${kwh(registerJ)} kWh, ${other} give ${kwh(instantJ)} kWh over the same time: ${apart}, beyond the ${tolPct.toFixed(1)} % tolerance plus two register steps; the result uses ${used}`,
    acc.startMs,
  );
  return result;
}

interface CopFigures {
  heatJ: number;
  elecJ: number;
  cop: number | null;
  coolJ: number;
  coolingCop: number | null;
  meanSupplyC: number | null;
  meanSourceC: number | null;
  start: string;
}

/**
 * COP and net heat (docs/methods.md "COP and net heat"):
 * - heating COP below 1 (net renewable heat below 0) where heat and electricity are both measured, by more
 *   than two register steps of the registers used: error; even a resistance heater delivers COP 1, so less
 *   is a measurement or mapping fault;
 * - heating COP against the Carnot limit of the heat-weighted supply and source temperatures; with no
 *   source temperature, at the warmest source the system kind plausibly has (the assumption is named);
 * - cooling COP (EER, an interval with cooling and no heat) against the Carnot cooling limit between the
 *   reverse-dT-weighted supply (chilled water) and source (heat rejection) temperatures.
 */
function copChecks(acc: IntervalAcc, ctx: SummaryContext, f: CopFigures): void {
  // A register's resolution: two steps (one at each end of the interval) of each register the figures
  // come from, so one tick of an electricity register in a nearly idle hour is not a COP below 1.
  const q = (j: number) => (Number.isFinite(j) ? 2 * j : 0);
  const allowanceJ =
    (ctx.elecBasis === 'elec-register' ? q(ctx.elecQuantumJ) : 0) +
    (ctx.heatBasis === 'heat-register' ? q(ctx.heatQuantumJ) : 0);
  if (f.cop !== null && f.heatJ > 0 && f.cop < 1 && f.elecJ - f.heatJ > allowanceJ)
    note(
      ctx,
      acc,
      check(
        'cop-below-one',
        'error',
        `COP ${f.cop.toFixed(2)}: ${kwh(f.heatJ)} kWh of heat for ${kwh(f.elecJ)} kWh of electricity, net renewable heat ${kwh(f.heatJ - f.elecJ)} kWh; a heat pump (even a resistance heater, COP 1) delivers at least the electricity it uses: the heat or electricity data, their units or their mapping are wrong`,
        f.start,
      ),
    );
  if (f.cop !== null && f.heatJ > 0 && f.meanSupplyC !== null) {
    const sourceC = f.meanSourceC ?? ctx.assumedSourceC;
    if (sourceC !== null) {
      const judged = judgeCop({ cop: f.cop, mode: 'heating', sinkC: f.meanSupplyC, sourceC, start: f.start });
      if (judged.check) {
        const c = judged.check;
        const assumed =
          f.meanSourceC === null
            ? `; source temperature not measured: assumed ${sourceC} degC, the warmest ${ctx.sourceKind === 'air' ? 'an air' : `a ${ctx.sourceKind}`} source plausibly has`
            : '';
        note(ctx, acc, assumed ? { ...c, message: c.message + assumed } : c);
      }
    }
  }
  if (f.coolingCop !== null && acc.negSupplyWeightJ > 0 && acc.negSourceWeightJ > 0) {
    const chilledC = acc.negSupplyJC / acc.negSupplyWeightJ;
    const rejectC = acc.negSourceJC / acc.negSourceWeightJ;
    const judged = judgeCop({
      cop: f.coolingCop,
      mode: 'cooling',
      sinkC: rejectC,
      sourceC: chilledC,
      start: f.start,
    });
    if (judged.check) note(ctx, acc, judged.check);
  }
}

function kwh(j: number): string {
  return grouped(jToKwh(j), 3);
}
