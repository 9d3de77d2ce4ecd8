import { InputError } from '../errors.ts';
import type { KeymarkRow } from './parametric.ts';
import type { HeatPumpModel } from './model.ts';
import type { SystemType } from './estimate.ts';
import { sourceKindOf } from './parametric.ts';

/** EN 14511-2 standard rating points, where a map is sized and a program's size class is judged (degC). */
export const RATING_POINT: Record<SystemType, { sourceC: number; sinkC: number; label: string }> = {
  'air-to-water': { sourceC: 7, sinkC: 35, label: 'A7/W35' },
  'air-to-air': { sourceC: 7, sinkC: 20, label: 'A7/indoor 20' },
  'ground-source': { sourceC: 0, sinkC: 35, label: 'B0/W35' },
};

/**
 * The capacity a program's size class is judged on: the capacity given (`capacityW`), else the unit's
 * capacity at the type's EN 14511-2 rating point (RATING_POINT).
 */
export function ratedCapacityW(type: SystemType, model: HeatPumpModel, capacityW?: number): number {
  if (capacityW !== undefined) return capacityW;
  const at = RATING_POINT[type];
  // B0/W35 has no outdoor air; 7 degC (the A7 point) only feeds a parametric model's ambient term.
  const ambientC = type === 'ground-source' ? 7 : at.sourceC;
  return model.at({ sourceC: at.sourceC, sinkC: at.sinkC, ambientC }).capacityW;
}

/**
 * A Keymark unit's declared source (air or brine/water) must fit the system type; an InputError on the core
 * field `type` otherwise.
 */
export function checkType(row: KeymarkRow, type: SystemType): void {
  const air = sourceKindOf(row.type) === 'air';
  if (air !== (type !== 'ground-source'))
    throw new InputError(`unit ${row.title} is "${row.type}", which does not fit system type ${type}`, {
      field: 'type',
    });
}

/** Which type-specific inputs were given (a default is not given). */
export interface TypeSpecificInputs {
  waterC: boolean;
  waterAtBalanceC: boolean;
  indoorC: boolean;
  groundC: boolean;
}

/**
 * An input that means nothing to the system type would be ignored silently: the first such input, with why,
 * or undefined. Air-to-air heats indoor air (not water); only ground-source has a brine temperature.
 */
export function typeConflict(
  type: SystemType,
  given: TypeSpecificInputs,
): { field: keyof TypeSpecificInputs; why: string } | undefined {
  const notWater = 'an air-to-air unit heats indoor air, not water';
  if (type === 'air-to-air') {
    if (given.waterC) return { field: 'waterC', why: notWater };
    if (given.waterAtBalanceC) return { field: 'waterAtBalanceC', why: notWater };
  } else if (given.indoorC)
    return {
      field: 'indoorC',
      why: `only an air-to-air unit heats indoor air; this one (${type}) heats water`,
    };
  if (type !== 'ground-source' && given.groundC)
    return {
      field: 'groundC',
      why: `only a ground-source unit has a brine temperature; this one (${type}) draws on outdoor air`,
    };
  return undefined;
}
