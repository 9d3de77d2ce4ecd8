import {
  convertEfficiency,
  convertEnergy,
  convertFlow,
  convertPower,
  convertTemperature,
  EFFICIENCY_METRICS,
  ENERGY_UNITS,
  FLOW_UNITS,
  InputError,
  parseEnergyUnit,
  parseFlowUnit,
  parsePowerUnit,
  parseTemperatureUnit,
  POWER_UNITS,
  temperatureDifferenceFromK,
  temperatureDifferenceToK,
  temperatureToK,
  type EfficiencyMetric,
} from '../../core/index.ts';
import type { Command } from 'commander';
import { emit, parseNumber, type CommandModule } from '../context.ts';

type Kind = 'energy' | 'power' | 'temperature' | 'delta-t' | 'flow' | 'efficiency';

function convert(kind: Kind, value: number, from: string, to: string): number {
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
    case 'efficiency': {
      const metric = (m: string): EfficiencyMetric => {
        const key = m.toUpperCase() as EfficiencyMetric;
        if (!(key in EFFICIENCY_METRICS))
          throw new InputError(
            `unknown efficiency metric; use one of ${Object.keys(EFFICIENCY_METRICS).join(', ')}`,
            {
              value: m,
            },
          );
        return key;
      };
      return convertEfficiency(value, metric(from), metric(to));
    }
  }
}

/** An unknown unit is refused naming the argument (`<from>` or `<to>`) and the text as typed. */
function checkUnit(kind: Kind, text: string, field: string): void {
  try {
    if (kind === 'energy') parseEnergyUnit(text);
    else if (kind === 'power') parsePowerUnit(text);
    else if (kind === 'temperature' || kind === 'delta-t') parseTemperatureUnit(text);
    else if (kind === 'flow') parseFlowUnit(text);
    else convert(kind, 1, text, text);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const message = error.message.slice(InputError.format('', error.where).length);
    throw new InputError(message, { field, value: text });
  }
}

/**
 * Refuses what has no answer, naming the value as typed: a temperature below absolute zero, a negative
 * efficiency, and a result that overflows (beyond 1.8e308) or underflows (a nonzero value that would print
 * as 0 or without precision, below 2.2e-308).
 */
function checkConversion(
  kind: Kind,
  value: number,
  text: string,
  from: string,
  to: string,
  result: number,
): void {
  const where = { field: '<value>', value: text };
  if (kind === 'temperature' && temperatureToK(value, parseTemperatureUnit(from)) < 0)
    throw new InputError(`${text} ${from} is below absolute zero (0 K)`, where);
  if (kind === 'efficiency' && value < 0) throw new InputError('an efficiency is 0 or more', where);
  if (!Number.isFinite(result))
    throw new InputError(
      `${text} ${from} in ${to} is beyond the largest number a double holds (1.8e308)`,
      where,
    );
  if (value !== 0 && Math.abs(result) < 2.2250738585072014e-308)
    throw new InputError(`${text} ${from} in ${to} is below the smallest normal double (2.2e-308)`, where);
}

export const unitsCommand: CommandModule = (program, ctx) => {
  program
    .command('convert')
    .description(
      'Convert a quantity between units with exact constants.\n' +
        `  energy:      ${Object.keys(ENERGY_UNITS).join(', ')}\n` +
        `  power:       ${Object.keys(POWER_UNITS).join(', ')}\n` +
        '  temperature: C, F, K (points on a scale); delta-t: C, F, K (differences)\n' +
        `  flow:        ${Object.keys(FLOW_UNITS).join(', ')}\n` +
        `  efficiency:  ${Object.keys(EFFICIENCY_METRICS).join(', ')} (only like with like; see docs/methods.md)`,
    )
    .argument('<kind>', 'energy | power | temperature | delta-t | flow | efficiency')
    .argument('<value>', 'the number to convert', parseNumber)
    .argument('<from>', 'unit of the value')
    .argument('<to>', 'unit wanted')
    .option('--json', 'print JSON')
    .action(
      (kind: string, value: number, from: string, to: string, opts: { json?: boolean }, cmd: Command) => {
        const kinds: Kind[] = ['energy', 'power', 'temperature', 'delta-t', 'flow', 'efficiency'];
        if (!kinds.includes(kind as Kind))
          throw new InputError(`kind must be one of ${kinds.join(', ')}`, { field: 'kind', value: kind });
        checkUnit(kind as Kind, from, '<from>');
        checkUnit(kind as Kind, to, '<to>');
        const result = convert(kind as Kind, value, from, to);
        checkConversion(kind as Kind, value, cmd.args[1] ?? String(value), from, to, result);
        emit(ctx, opts.json, { kind, value, from, to, result }, () => `${value} ${from} = ${result} ${to}`);
      },
    );
};
