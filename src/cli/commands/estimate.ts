import type { Command } from 'commander';
import {
  energyFromJ,
  estimateCertificates,
  InputError,
  isOk,
  type EnergyTotals,
  type ProgramCertificates,
} from '../../core/index.ts';
import { loadProgram } from '../../ingest/programs.ts';
import { certificatesJson, certificatesLine } from '../certificates-output.ts';
import { checkLines, errorLead } from '../checks-output.ts';
import { emit, fmt, withOptionNames, type CommandModule } from '../context.ts';
import { helpWithRanges, ranged } from '../ranges.ts';
import {
  addEstimateOptions,
  ratedCapacityW,
  runEstimate,
  type EstimateOptions,
} from '../estimate-options.ts';

interface EstimateCommandOptions extends EstimateOptions {
  program?: string;
  multiplier?: number;
  json?: boolean;
}

const kwh = (j: number) => energyFromJ(j, 'kWh');
const energyJson = (t: EnergyTotals) => ({
  load_kwh: kwh(t.loadJ),
  heat_kwh: kwh(t.heatJ),
  elec_kwh: kwh(t.elecJ),
  spf: t.spf,
  renewable_kwh: kwh(t.renewableJ),
  unmet_kwh: kwh(t.backupJ),
});

export const estimateCommand: CommandModule = (program, ctx) => {
  const cmd: Command = program
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
    'scale a map to this capacity at A7/W35 (air-to-water), A7/20 (air-to-air) or B0/W35',
  )
    .option('--program <id>', 'count certificates under a program rule file (programs/<id>.json)')
    .option(
      '--multiplier <n>',
      "program multiplier where the program lists several for the unit's size class",
      ranged('--multiplier'),
    )
    .option('--json', 'print JSON')
    .action((o: EstimateCommandOptions, c: Command) => {
      const run = runEstimate(o, c);
      const { weather, model, note, designOutdoorC, sink, result } = run;
      const rules =
        o.program === undefined
          ? undefined
          : withOptionNames({ program: '--program' }, () => loadProgram(o.program as string));
      let certs: ProgramCertificates | undefined;
      if (rules)
        certs = estimateCertificates(rules, result, {
          type: o.type,
          capacityW: ratedCapacityW(o, model),
          ...(o.multiplier === undefined ? {} : { multiplier: o.multiplier }),
        });
      else if (o.multiplier !== undefined)
        throw new InputError('only applies with --program', { field: '--multiplier' });
      const checks = [...result.checks, ...(certs?.checks ?? [])];
      const data = {
        site: weather.site,
        weather_file: weather.source,
        type: o.type,
        unit: model.name,
        model: note,
        scope: 'heating only',
        design_load_kw: run.designLoadKw,
        design_temp_c: designOutdoorC,
        balance_c: o.balanceC,
        sink_design_c: sink.designC,
        sink_at_balance_c: sink.atBalanceC ?? null,
        ...energyJson(result),
        hours_outside_range: result.hoursOutsideRange,
        hours_capacity_limited: result.hoursCapacityLimited,
        months: result.months.map((m) => ({ month: m.month, ...energyJson(m) })),
        certificates: certs && rules ? certificatesJson(certs, rules) : null,
        ok: isOk(checks),
        checks,
      };
      emit(ctx, o.json, data, () => {
        const lines = [
          ...errorLead(checks),
          `${weather.site} (${weather.source}), ${o.type}, ${model.name}`,
          `  ${note}; design ${run.designLoadKw} kW at ${designOutdoorC} degC, balance ${o.balanceC} degC; heating only`,
          `  heat ${fmt(kwh(result.heatJ), 0)} kWh, electricity ${fmt(kwh(result.elecJ), 0)} kWh, SPF ${fmt(result.spf)}, renewable ${fmt(kwh(result.renewableJ), 0)} kWh, unmet ${fmt(kwh(result.backupJ), 0)} kWh`,
          ...(certs && rules ? [`  ${certificatesLine(certs, rules)}`] : []),
          '  month   heat kWh   elec kWh   SPF   unmet kWh',
          ...result.months.map(
            (m) =>
              `  ${String(m.month).padStart(5)} ${fmt(kwh(m.heatJ), 0).padStart(10)} ${fmt(kwh(m.elecJ), 0).padStart(10)} ${fmt(m.spf).padStart(5)} ${fmt(kwh(m.backupJ), 0).padStart(11)}`,
          ),
          ...checkLines(checks).map((l) => `  ${l}`),
        ];
        return lines.join('\n');
      });
    });
  helpWithRanges(cmd);
};
