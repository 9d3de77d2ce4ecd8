import type { CalcInput } from '../../app/index.ts';
import { describeCapacity, jToMwh, METHOD_NAMES, type MethodResult } from '../../core/index.ts';
import { checkLines, errorLead } from '../checks-output.ts';
import { emit, fmt, type CommandModule } from '../context.ts';
import { helpWithRanges, ranged } from '../ranges.ts';
import { runCase } from '../run.ts';

interface CalcOptions extends CalcInput {
  json?: boolean;
}

function human(r: MethodResult): string {
  const lines = [
    ...errorLead(r.checks),
    `${r.method}${r.programId ? ` under program ${r.programId} v${r.programVersion}` : ''}`,
  ];
  const counted = r.basis === 'formula-output' ? 'Formula result' : 'Renewable portion';
  const conv = r.btuPerMwh === null ? 'exact conversion' : `${fmt(r.btuPerMwh, 0)} BTU per MWh`;
  lines.push(`  ${counted}: ${fmt(r.mwh)} MWh (${fmt(r.btu, 0)} BTU; ${conv})`);
  if (r.heatMwh !== undefined) lines.push(`  Delivered heat: ${fmt(r.heatMwh)} MWh`);
  if (r.inputs.multiplier !== 1)
    lines.push(`  x multiplier ${r.inputs.multiplier}: ${fmt(r.creditedMwh)} MWh credited`);
  lines.push(
    `  Physics cap: ${fmt(jToMwh(r.capJ))} MWh of heat at most (${describeCapacity(r.inputs.capacityW)} at full ` +
      `rated capacity for all ${fmt(r.inputs.periodH, 0)} h), of which ${fmt(jToMwh(r.renewableCapJ))} MWh renewable`,
  );
  lines.push(`  Certificates: ${r.certificates} (1 ${r.certificateUnit} each, whole certificates only)`);
  lines.push(...checkLines(r.checks).map((l) => `  ${l}`));
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

export const calcCommand: CommandModule = (program, ctx) => {
  helpWithRanges(
    program
      .command('calc')
      .summary(
        'Certificates by a prescriptive method (GREC formula, runtime, full-load hours), with the physics cap',
      )
      .description(
        [
          'Thermal energy and certificates by a prescriptive method, audited against',
          'the physics cap (rated capacity x hours in the period): the number asked',
          'for is always printed, with the cap beside it.',
          '  grec-formula       tons x 12,000 BTU/h x 8,760 h x COP / 3,412,000',
          '                     x multiplier (exactly as Emergent Energy Solutions publish it, 2022)',
          '  runtime-renewable  runtime x capacity x load fraction x (1 - 1/COP)',
          '  full-load-hours    capacity x full-load hours x (1 - 1/COP)',
          'With --program ID the program file supplies its BTU/MWh constant,',
          'multiplier (by size class), full-load hours and certificate unit',
          '(see `trec programs`). Sources and weaknesses: docs/methods.md.',
        ].join('\n'),
      )
      .option('--method <name>', `one of ${METHOD_NAMES.join(', ')} (default: the program's only one)`)
      .option('--program <id>', 'apply a program rule file (programs/<id>.json)')
      .option('--tons <n>', 'rated heating capacity, tons of refrigeration (12,000 BTU/h)', ranged('--tons'))
      .option('--capacity-kw <n>', 'rated heating capacity, kW', ranged('--capacity-kw'))
      .option('--capacity-btuh <n>', 'rated heating capacity, BTU/h', ranged('--capacity-btuh'))
      .requiredOption('--cop <n>', 'heating COP (W/W), greater than 1', ranged('--cop'))
      .option(
        '--multiplier <n>',
        'fuel-displacement or program multiplier (default 1 or the program)',
        ranged('--multiplier'),
      )
      .option(
        '--hours <n>',
        'hours in the period (default 8,760; the GREC formula is always annual)',
        ranged('--hours'),
      )
      .option('--runtime-h <n>', 'runtime-renewable: logged runtime in the period, h', ranged('--runtime-h'))
      .option(
        '--load-fraction <f>',
        'runtime-renewable: part-load capacity / rated, 0-1 (default 1)',
        ranged('--load-fraction'),
      )
      .option(
        '--full-load-hours <n>',
        'full-load-hours: equivalent full-load hours in the period',
        ranged('--full-load-hours'),
      )
      .option(
        '--source-c <t>',
        'source temperature at rating, degC (with --sink-c: COP judged against Carnot)',
        ranged('--source-c'),
      )
      .option('--sink-c <t>', 'sink (supply water) temperature at rating, degC', ranged('--sink-c'))
      .option('--json', 'print JSON')
      .action(async ({ json, ...input }: CalcOptions) => {
        const outcome = await runCase(ctx.app, 'calc', input);
        emit(ctx, json, ctx.app.present('calc', outcome), () => human(outcome.result));
      }),
  );
};
