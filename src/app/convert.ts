import { z } from 'zod';
import {
  convertEfficiency,
  convertEnergy,
  convertFlow,
  convertPower,
  convertTemperature,
  EFFICIENCY_METRICS,
  InputError,
  parseEnergyUnit,
  parseFlowUnit,
  parsePowerUnit,
  parseTemperatureUnit,
  temperatureDifferenceFromK,
  temperatureDifferenceToK,
  temperatureToK,
  type Check,
  type EfficiencyMetric,
} from '../core/index.ts';
import { defineUseCase } from './use-case.ts';

/** The quantities convert knows: temperature converts points on a scale, delta-t differences. */
export const CONVERT_KINDS = ['energy', 'power', 'temperature', 'delta-t', 'flow', 'efficiency'] as const;
export type ConvertKind = (typeof CONVERT_KINDS)[number];

export const convertInput = z
  .object({
    kind: z
      .enum(CONVERT_KINDS, { error: `kind must be one of ${CONVERT_KINDS.join(', ')}` })
      .meta({ description: 'the quantity' }),
    value: z.number({ error: 'expected a number' }).meta({ description: 'the number to convert' }),
    from: z.string().meta({ description: 'unit of the value' }),
    to: z.string().meta({ description: 'unit wanted' }),
  })
  .strict();

export type ConvertInput = z.input<typeof convertInput>;

export interface ConvertResult {
  kind: ConvertKind;
  value: number;
  from: string;
  to: string;
  result: number;
  checks: Check[];
}

function efficiencyMetric(text: string): EfficiencyMetric {
  const key = text.toUpperCase();
  const metric = Object.keys(EFFICIENCY_METRICS).find((m): m is EfficiencyMetric => m === key);
  if (metric === undefined)
    throw new InputError(
      `unknown efficiency metric; use one of ${Object.keys(EFFICIENCY_METRICS).join(', ')}`,
      { value: text },
    );
  return metric;
}

function convert(kind: ConvertKind, value: number, from: string, to: string): number {
  switch (kind) {
    case 'energy':
      return convertEnergy(value, parseEnergyUnit(from), parseEnergyUnit(to));
    case 'power':
      return convertPower(value, parsePowerUnit(from), parsePowerUnit(to));
    case 'temperature':
      return convertTemperature(value, parseTemperatureUnit(from), parseTemperatureUnit(to));
    case 'delta-t':
      return temperatureDifferenceFromK(
        temperatureDifferenceToK(value, parseTemperatureUnit(from)),
        parseTemperatureUnit(to),
      );
    case 'flow':
      return convertFlow(value, parseFlowUnit(from), parseFlowUnit(to));
    case 'efficiency':
      return convertEfficiency(value, efficiencyMetric(from), efficiencyMetric(to));
  }
}

/** An unknown unit is refused at its input (`from` or `to`) with the text as given. */
function checkUnit(kind: ConvertKind, text: string, field: 'from' | 'to'): void {
  try {
    if (kind === 'energy') parseEnergyUnit(text);
    else if (kind === 'power') parsePowerUnit(text);
    else if (kind === 'temperature' || kind === 'delta-t') parseTemperatureUnit(text);
    else if (kind === 'flow') parseFlowUnit(text);
    else efficiencyMetric(text);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(error.detail, { path: [field], value: text }, { cause: error });
  }
}

/** A number in a message: `1e308`, not `1e+308`. */
const shown = (x: number): string => String(x).replace('e+', 'e');

/**
 * Refuses what has no answer: a temperature below absolute zero, a negative efficiency, and a result that
 * overflows (beyond 1.8e308) or underflows (a nonzero value that would print as 0 or without precision, below
 * 2.2e-308).
 */
function checkConversion(kind: ConvertKind, value: number, from: string, to: string, result: number): void {
  const where = { path: ['value'], value };
  const given = `${shown(value)} ${from}`;
  if (kind === 'temperature' && temperatureToK(value, parseTemperatureUnit(from)) < 0)
    throw new InputError(`${given} is below absolute zero (0 K)`, where);
  if (kind === 'efficiency' && value < 0) throw new InputError('an efficiency is 0 or more', where);
  if (!Number.isFinite(result))
    throw new InputError(`${given} in ${to} is beyond the largest number a double holds (1.8e308)`, where);
  if (value !== 0 && Math.abs(result) < 2.2250738585072014e-308)
    throw new InputError(`${given} in ${to} is below the smallest normal double (2.2e-308)`, where);
}

/** A quantity converted between units with the exact constants of src/core/units. */
export const convertUseCase = defineUseCase({
  name: 'convert',
  summary: 'Convert a quantity between units with exact constants',
  input: convertInput,
  defaults: {},
  run({ kind, value, from, to }): ConvertResult {
    checkUnit(kind, from, 'from');
    checkUnit(kind, to, 'to');
    const result = convert(kind, value, from, to);
    checkConversion(kind, value, from, to, result);
    return { kind, value, from, to, result, checks: [] };
  },
  present: (r) => ({ kind: r.kind, value: r.value, from: r.from, to: r.to, result: r.result }),
});
