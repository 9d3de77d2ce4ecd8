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
  type EfficiencyMetric,
} from '../../core/index.ts';
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
    .action((kind: string, value: number, from: string, to: string, opts: { json?: boolean }) => {
      const kinds: Kind[] = ['energy', 'power', 'temperature', 'delta-t', 'flow', 'efficiency'];
      if (!kinds.includes(kind as Kind))
        throw new InputError(`kind must be one of ${kinds.join(', ')}`, { field: 'kind', value: kind });
      const result = convert(kind as Kind, value, from, to);
      emit(ctx, opts.json, { kind, value, from, to, result }, () => `${value} ${from} = ${result} ${to}`);
    });
};
