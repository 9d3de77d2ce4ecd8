import { ESTIMATE_DEFAULTS, type EstimateCaseInput, type EstimateCaseResult } from '../../app/index.ts';
import { energyFromJ } from '../../core/index.ts';
import { certificatesLine } from '../certificates-output.ts';
import { checkLines, errorLead } from '../checks-output.ts';
import { emit, fmt, type CommandModule } from '../context.ts';
import { addEstimateOptions, helpWithDefaults } from '../estimate-options.ts';
import { helpWithRanges, ranged } from '../ranges.ts';
import { runCase } from '../run.ts';

interface EstimateCommandOptions extends Partial<EstimateCaseInput> {
  json?: boolean;
}

const kwh = (j: number) => energyFromJ(j, 'kWh');

function human({ input: i, run, program, certificates: certs, checks }: EstimateCaseResult): string {
  const { weather, model, note, designOutdoorC, result } = run;
  const lines = [
    ...errorLead(checks),
    `${weather.site} (${weather.source}), ${i.type}, ${model.name}`,
    `  ${note}; design ${run.designLoadKw} kW at ${designOutdoorC} degC, balance ${i.balanceC} degC; heating only`,
    `  heat ${fmt(kwh(result.heatJ), 0)} kWh, electricity ${fmt(kwh(result.elecJ), 0)} kWh, SPF ${fmt(result.spf)}, renewable ${fmt(kwh(result.renewableJ), 0)} kWh, unmet ${fmt(kwh(result.backupJ), 0)} kWh`,
    ...(certs && program ? [`  ${certificatesLine(certs, program)}`] : []),
    '  month   heat kWh   elec kWh   SPF   unmet kWh',
    ...result.months.map(
      (month) =>
        `  ${String(month.month).padStart(5)} ${fmt(kwh(month.heatJ), 0).padStart(10)} ${fmt(kwh(month.elecJ), 0).padStart(10)} ${fmt(month.spf).padStart(5)} ${fmt(kwh(month.backupJ), 0).padStart(11)}`,
    ),
    ...checkLines(checks).map((l) => `  ${l}`),
  ];
  return lines.join('\n');
}

export const estimateCommand: CommandModule = (program, ctx) => {
  const cmd = program
    .command('estimate')
    .summary('Seasonal heating estimate of a heat pump at a site, hour by hour')
    .description(
      [
        'Seasonal heating estimate of a heat pump at a site, hour by hour over a',
        'typical year: heat delivered (load limited by the unit capacity at that',
        'hour), electricity, SPF, renewable portion (heat - electricity), monthly',
        'table. Heating only: cooling is out of scope. Load the unit cannot meet is',
        'reported as unmet (backup), never as heat-pump output.',
        'With --program ID: whole certificates a year under that program, with the',
        'remainder: the energy it counts (heat, or heat - electricity where it nets',
        'electricity), its multiplier (by the size class of the capacity at the',
        'rating point) and certificate unit (MWh or Dth). A system type the',
        'program does not list gets 0 certificates and a not-eligible check.',
        'Methods and sources: docs/methods.md.',
      ].join('\n'),
    );
  addEstimateOptions(
    cmd,
    ctx.app.ports.weather.sites(),
    'scale a map to this capacity at A7/W35 (air-to-water), A7/20 (air-to-air) or B0/W35',
  )
    .option('--program <id>', 'count certificates under a program rule file (programs/<id>.json)')
    .option(
      '--multiplier <n>',
      "program multiplier where the program lists several for the unit's size class",
      ranged('--multiplier'),
    )
    .option('--json', 'print JSON')
    .action(async ({ json, ...input }: EstimateCommandOptions) => {
      const outcome = await runCase(ctx.app, 'estimate', input);
      emit(ctx, json, ctx.app.present('estimate', outcome), () => human(outcome.result));
    });
  helpWithDefaults(helpWithRanges(cmd), ESTIMATE_DEFAULTS);
};
