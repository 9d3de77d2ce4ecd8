import { check, type Check } from '../../checks.ts';
import { InputError } from '../../errors.ts';
import { fluidModel } from '../../fluids/index.ts';
import { standardNormal, uniform, type Random } from '../prng.ts';
import { extraterrestrialHorizontalWm2, mainsWaterC, outdoorC } from './environment.ts';
import { heatPumpCapacityW, heatPumpCop } from './heat-pump.ts';
import type { LaundryParams } from './params.ts';
import { advanceRoom, type RoomState } from './room.ts';

/**
 * Water in the tank and the heat-pump loop, held constant at 50 degC (fluidModel: the ASHRAE table via
 * EnergyPlus GlycolPropertiesRefData, 988.2 kg/m3 and 4181 J/(kg K) at that grid point). While the heat pump
 * runs the return averages about 51.5 degC and the supply about 56 degC, where rho x cp is within 0.3 % of
 * this; a meter file integrated with temperature-dependent properties reads about 0.1 % less heat (tests).
 */
const WATER = fluidModel({ kind: 'water', massFraction: 0 });
export const SIM_WATER_DENSITY_KGM3 = WATER.densityKgM3(50);
export const SIM_WATER_CP_JKGK = WATER.cpJKgK(50);

const STEP_S = 60;
const MINUTES_PER_DAY = 1440;
const COP_BIN_WIDTH_K = 4;
/** The tank counts as running short of hot water this far below the start temperature. */
const TANK_LOW_MARGIN_K = 10;

/** One meter row: the state during one minute, written as a sample at the minute's start. */
export interface LaundryMinute {
  /** Minutes since the start of the simulation. */
  minute: number;
  /** Heat-pump loop flow, L/min (0 while the heat pump is off). */
  flowLpm: number;
  /** Water leaving the heat pump (equal to the return while off). */
  supplyC: number;
  /** Water entering the heat pump: the tank temperature. */
  returnC: number;
  /** Room air at the evaporator. */
  sourceC: number;
  /** Heat-pump electrical power, kW. */
  elecKw: number;
}

/** Heat and electricity while running with the room air in [fromC, toC). */
export interface CopBin {
  fromC: number;
  toC: number;
  heatJ: number;
  elecJ: number;
}

export interface LaundrySummary {
  days: number;
  /** Heat delivered to the water by the heat pump. */
  heatJ: number;
  elecJ: number;
  /** Heat removed from the room air: heat to water - electricity. */
  coolingJ: number;
  /** Heat the building heating supplied to hold the room at its setpoint, with and without the heat pump. */
  spaceHeatingJ: number;
  spaceHeatingWithoutHpJ: number;
  /** Heat carried away by the hot water drawn (above mains temperature), and its volume. */
  hotWaterDrawnJ: number;
  hotWaterDrawnL: number;
  /** Standby loss of the tank to the room. */
  tankLossJ: number;
  runMinutes: number;
  lockoutMinutes: number;
  /** Mean room air during opening hours, with and without the heat pump (the same weather and use). */
  meanRoomOpenC: number;
  meanRoomOpenWithoutHpC: number;
  maxRoomC: number;
  maxRoomWithoutHpC: number;
  minTankC: number;
  /** Minutes the tank spent more than 10 K below the heat pump's start temperature (hot water running short). */
  tankLowMinutes: number;
  meanOutdoorC: number;
  /** Heat and electricity by room-air temperature while running: the warmer the air, the higher the COP. */
  copBins: CopBin[];
  checks: Check[];
}

export interface LaundrySimulationInput {
  days: number;
  /** Day of year (1-366) of the first simulated day, for the seasons. */
  startDayOfYear: number;
  random: Random;
  params: LaundryParams;
}

/**
 * Simulates the laundry minute by minute and hands each meter row to `onMinute` (the same object each time:
 * copy what you keep). Emits days x 1440 + 1 rows: the last is the state at the end instant (so a meter file
 * spans 00:00 of the first day to 24:00 of the last); energy is counted over the days only. A second room
 * without the heat pump runs alongside under the same weather and use, to show what the heat pump changes.
 */
export function simulateLaundry(
  input: LaundrySimulationInput,
  onMinute: (row: Readonly<LaundryMinute>) => void,
): LaundrySummary {
  const { days, startDayOfYear, random, params: p } = input;
  if (!Number.isInteger(days) || days < 1)
    throw new InputError('must be a whole number of 1 or more', { field: 'days', value: days });
  if (!(startDayOfYear >= 1 && startDayOfYear <= 366))
    throw new InputError('day of year must be 1-366', { field: 'startDayOfYear', value: startDayOfYear });

  const tankJK = (p.tankVolumeL / 1000) * SIM_WATER_DENSITY_KGM3 * SIM_WATER_CP_JKGK;
  const loopWK = (p.loopFlowLpm / 60000) * SIM_WATER_DENSITY_KGM3 * SIM_WATER_CP_JKGK;
  const openMinutes = (p.closeHour - p.openHour) * 60;
  const fillShare = Math.min(p.fillL / p.tankVolumeL, 1);
  const sdInnovationK = p.weatherAnomalySdK * Math.sqrt(1 - p.weatherAnomalyLag1 ** 2);
  const total = days * MINUTES_PER_DAY;
  const s = emptySummary(p, days);
  const row: LaundryMinute = { minute: 0, flowLpm: 0, supplyC: 0, returnC: 0, sourceC: 0, elecKw: 0 };
  const room: RoomState = { airC: 25, spaceHeatingJ: 0 };
  const bare: RoomState = { airC: 25, spaceHeatingJ: 0 };

  let tankC = p.tankOffAtC;
  let running = false;
  let openCount = 0;
  let anomalyK = 0;
  let nextAnomalyK = p.weatherAnomalySdK * standardNormal(random);
  let clearness = 0;
  let dryerFactor = 0;
  let fillProbability = 0;
  let mainsC = 0;

  for (let k = 0; k <= total; k++) {
    const day = Math.floor(k / MINUTES_PER_DAY);
    const minuteOfDay = k - day * MINUTES_PER_DAY;
    if (minuteOfDay === 0) {
      // The day's weather and use, drawn in a fixed order so that one seed gives one history.
      anomalyK = nextAnomalyK;
      nextAnomalyK = p.weatherAnomalyLag1 * anomalyK + sdInnovationK * standardNormal(random);
      clearness = uniform(random, p.clearnessMin, p.clearnessMax);
      dryerFactor = 1 + uniform(random, -p.dryerDailyVariation, p.dryerDailyVariation);
      const useFactor = 1 + uniform(random, -p.hotWaterDailyVariation, p.hotWaterDailyVariation);
      fillProbability = Math.min((p.dailyHotWaterL / p.fillL / openMinutes) * useFactor, 1);
      mainsC = mainsWaterC(p.outdoorMeanC, p.monthlyMeanSpreadK, startDayOfYear + day);
    }
    const hour = (minuteOfDay + 0.5) / 60;
    const dayOfYear = startDayOfYear + day + hour / 24;
    const outC = outdoorC(p, dayOfYear, hour) + anomalyK + ((nextAnomalyK - anomalyK) * hour) / 24;
    const open = hour >= p.openHour && hour < p.closeHour;

    // Control: tank thermostat with hysteresis; locked out while the room air is above the operating envelope.
    if (running && tankC >= p.tankOffAtC) running = false;
    else if (!running && tankC < p.tankOnBelowC) running = true;
    const lockedOut = running && room.airC > p.hpMaxSourceC;
    const on = running && !lockedOut;

    let heatW = 0;
    let elecW = 0;
    let supplyC = tankC;
    if (on) {
      // Leaving water depends on capacity and capacity on leaving water: fixed-point passes (converged to
      // < 0.01 K in two, as the capacity changes by 0.2 %/K of sink temperature).
      supplyC = tankC + p.hpRatedHeatW / loopWK;
      for (let i = 0; i < 2; i++) {
        heatW = heatPumpCapacityW(p, room.airC, supplyC);
        supplyC = tankC + heatW / loopWK;
      }
      elecW = heatW / heatPumpCop(p, room.airC, supplyC);
    }
    row.minute = k;
    row.flowLpm = on ? p.loopFlowLpm : 0;
    row.supplyC = supplyC;
    row.returnC = tankC;
    row.sourceC = room.airC;
    row.elecKw = elecW / 1000;
    onMinute(row);
    if (k === total) break;

    s.heatJ += heatW * STEP_S;
    s.elecJ += elecW * STEP_S;
    s.meanOutdoorC += outC / total;
    if (room.airC > s.maxRoomC) s.maxRoomC = room.airC;
    if (bare.airC > s.maxRoomWithoutHpC) s.maxRoomWithoutHpC = bare.airC;
    if (tankC < s.minTankC) s.minTankC = tankC;
    if (tankC < p.tankOnBelowC - TANK_LOW_MARGIN_K) s.tankLowMinutes++;
    if (open) {
      openCount++;
      s.meanRoomOpenC += room.airC;
      s.meanRoomOpenWithoutHpC += bare.airC;
    }
    if (on) {
      s.runMinutes++;
      const index = Math.floor((room.airC - p.spaceHeatingSetpointC) / COP_BIN_WIDTH_K);
      const bin = s.copBins[Math.min(Math.max(index, 0), s.copBins.length - 1)];
      if (bin) {
        bin.heatJ += heatW * STEP_S;
        bin.elecJ += elecW * STEP_S;
      }
    }
    if (lockedOut) s.lockoutMinutes++;

    // Tank: heat pump in, standby loss to the room out, then a washer fill replaces hot water by mains water.
    const tankLossW = p.tankUaWK * (tankC - room.airC);
    tankC += ((heatW - tankLossW) * STEP_S) / tankJK;
    s.tankLossJ += tankLossW * STEP_S;
    if (open && random() < fillProbability) {
      s.hotWaterDrawnJ += fillShare * tankJK * (tankC - mainsC);
      s.hotWaterDrawnL += p.fillL;
      tankC -= fillShare * (tankC - mainsC);
    }

    // Room air: dryers, machines and people, sun and tank loss in; the evaporator takes heat - electricity.
    const gainsW =
      (open ? p.dryerGainW * dryerFactor + p.internalGainOpenW : p.internalGainClosedW) +
      p.solarApertureM2 * clearness * extraterrestrialHorizontalWm2(p.latitudeDeg, dayOfYear, hour) +
      tankLossW;
    advanceRoom(p, room, outC, gainsW, open, heatW - elecW, STEP_S);
    advanceRoom(p, bare, outC, gainsW, open, 0, STEP_S);
  }
  s.coolingJ = s.heatJ - s.elecJ;
  s.spaceHeatingJ = room.spaceHeatingJ;
  s.spaceHeatingWithoutHpJ = bare.spaceHeatingJ;
  s.meanRoomOpenC /= openCount;
  s.meanRoomOpenWithoutHpC /= openCount;
  s.checks = summaryChecks(s, p);
  return s;
}

function emptySummary(p: LaundryParams, days: number): LaundrySummary {
  const copBins: CopBin[] = [];
  for (let from = p.spaceHeatingSetpointC; from < p.hpMaxSourceC; from += COP_BIN_WIDTH_K)
    copBins.push({ fromC: from, toC: Math.min(from + COP_BIN_WIDTH_K, p.hpMaxSourceC), heatJ: 0, elecJ: 0 });
  return {
    days,
    heatJ: 0,
    elecJ: 0,
    coolingJ: 0,
    spaceHeatingJ: 0,
    spaceHeatingWithoutHpJ: 0,
    hotWaterDrawnJ: 0,
    hotWaterDrawnL: 0,
    tankLossJ: 0,
    runMinutes: 0,
    lockoutMinutes: 0,
    meanRoomOpenC: 0,
    meanRoomOpenWithoutHpC: 0,
    maxRoomC: -Infinity,
    maxRoomWithoutHpC: -Infinity,
    minTankC: Infinity,
    tankLowMinutes: 0,
    meanOutdoorC: 0,
    copBins,
    checks: [],
  };
}

function summaryChecks(s: LaundrySummary, p: LaundryParams): Check[] {
  const checks: Check[] = [];
  if (s.lockoutMinutes > 0)
    checks.push(
      check(
        'source-above-envelope',
        'warning',
        `the heat pump was locked out for ${(s.lockoutMinutes / 60).toFixed(1)} h because the room air exceeded ${p.hpMaxSourceC} degC`,
      ),
    );
  if (s.tankLowMinutes > 0)
    checks.push(
      check(
        'tank-too-cold',
        'warning',
        `the tank was below ${p.tankOnBelowC - TANK_LOW_MARGIN_K} degC for ${(s.tankLowMinutes / 60).toFixed(1)} h (lowest ${s.minTankC.toFixed(1)} degC): the heat pump or the tank is small for the hot-water draws`,
      ),
    );
  return checks;
}
