/**
 * fluidModel: density and cp of water, propylene glycol and ethylene glycol solutions (docs/methods.md
 * "Fluid properties"). Sources, in short:
 * - water, and propylene glycol cp and density, ethylene glycol cp: ASHRAE Handbook Fundamentals tables as
 *   transcribed in EnergyPlus GlycolPropertiesRefData (ashrae-grid.ts): the only source here that reaches
 *   125 C, which hot-water heat pumps (55-65 C) need. Melinder's grids stop at 40 C.
 * - ethylene glycol density: CoolProp MEG polynomial (Melinder 2010), 0..100 C (meg-density.ts).
 * - freezing points: Melinder 2010 (freezing.ts).
 * Outside the valid range, or below the freezing point, every call throws OutOfRangeError: no extrapolation.
 */
import { InputError, OutOfRangeError } from '../errors.ts';
import { ashraeColumns, ashraeMaxFraction, ashraeTemperatureColumn } from './ashrae-grid.ts';
import { freezingPointC } from './freezing.ts';
import { MEG_MAX_C, MEG_MAX_FRACTION, megDensity } from './meg-density.ts';
import { FLUID_KINDS, type FluidKind, type FluidModel, type FluidSpec } from './types.ts';

const ASHRAE = 'ASHRAE Handbook Fundamentals tables via EnergyPlus GlycolPropertiesRefData';
const SOURCES: Record<FluidKind, string> = {
  water: `${ASHRAE} (water, 0..125 C)`,
  'propylene-glycol': `cp and density: ${ASHRAE} (10..60 %, 0 % = water); freezing point: Melinder 2010`,
  'ethylene-glycol':
    `cp: ${ASHRAE} (10..60 %, 0 % = water); density: CoolProp MEG polynomial (Melinder 2010, ` +
    `to ${MEG_MAX_C} C); freezing point: Melinder 2010`,
};

/** Two decimals for messages. */
const show = (v: number) => String(Math.round(v * 100) / 100);

/** "water" or "30 % propylene glycol". */
export function fluidLabel(spec: FluidSpec): string {
  return spec.kind === 'water'
    ? 'water'
    : `${show(spec.massFraction * 100)} % ${spec.kind.replace('-', ' ')}`;
}

/** Throws OutOfRangeError (naming `field`, the value and the valid range) unless tempC is valid for model. */
export function checkFluidTempC(model: FluidModel, tempC: number, field = 'tempC'): void {
  if (tempC >= model.minC && tempC <= model.maxC) return;
  const label = fluidLabel(model.spec);
  const range = `valid range for ${label}: ${show(model.minC)} to ${show(model.maxC)} C`;
  let why: string;
  if (!Number.isFinite(tempC)) why = 'temperature must be a finite number';
  else if (model.freezeC !== undefined && tempC < model.freezeC)
    why = `${show(tempC)} C is below the freezing point of ${label} (${show(model.freezeC)} C)`;
  else if (tempC < model.minC) why = `${show(tempC)} C is below the lowest temperature the table gives`;
  else why = `${show(tempC)} C is above the highest temperature the table gives`;
  throw new OutOfRangeError(`${why}; ${range} (${model.source})`, { field, value: tempC });
}

/** The property model of one fluid; `field` names the concentration in error messages. */
export function fluidModel(spec: FluidSpec, field = 'massFraction'): FluidModel {
  const { kind, massFraction: x } = spec;
  if (!FLUID_KINDS.includes(kind))
    throw new InputError(`unknown fluid; use ${FLUID_KINDS.join(', ')}`, { field: 'kind', value: kind });
  if (kind === 'water' && x !== 0)
    throw new InputError('water has mass fraction 0; use a glycol for a mixture', { field, value: x });
  const fluid =
    kind === 'water' ? 'Water' : kind === 'propylene-glycol' ? 'PropyleneGlycol' : 'EthyleneGlycol';
  const maxFraction =
    fluid === 'Water' ? 0 : Math.min(ashraeMaxFraction(fluid, 'cp_J_per_kgK'), MEG_MAX_FRACTION);
  if (!(x >= 0 && x <= maxFraction))
    throw new OutOfRangeError(`mass fraction of ${kind} must be between 0 and ${maxFraction}`, {
      field,
      value: x,
    });

  const cp = ashraeTemperatureColumn(ashraeColumns(fluid, 'cp_J_per_kgK'), x);
  let density: (tempC: number) => number;
  let tableMinC = cp.firstX;
  let tableMaxC = cp.lastX;
  if (fluid === 'EthyleneGlycol') {
    density = megDensity(x);
    tableMaxC = Math.min(tableMaxC, MEG_MAX_C);
  } else {
    const grid = ashraeTemperatureColumn(ashraeColumns(fluid, 'density_kg_per_m3'), x);
    density = (tempC) => grid.at(tempC);
    tableMinC = Math.max(tableMinC, grid.firstX);
    tableMaxC = Math.min(tableMaxC, grid.lastX);
  }
  const freezeC = freezingPointC(kind, x);
  const model: FluidModel = {
    spec: { kind, massFraction: x },
    source: SOURCES[kind],
    minC: Math.max(tableMinC, freezeC ?? -Infinity),
    maxC: tableMaxC,
    freezeC,
    densityKgM3(tempC) {
      if (!(tempC >= model.minC && tempC <= model.maxC)) checkFluidTempC(model, tempC);
      return density(tempC);
    },
    cpJKgK(tempC) {
      if (!(tempC >= model.minC && tempC <= model.maxC)) checkFluidTempC(model, tempC);
      return cp.at(tempC);
    },
  };
  return model;
}
