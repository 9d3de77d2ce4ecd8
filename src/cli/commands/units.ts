import type { Command } from 'commander';
import { CONVERT_KINDS, type ConvertInput } from '../../app/index.ts';
import { EFFICIENCY_METRICS, ENERGY_UNITS, FLOW_UNITS, POWER_UNITS } from '../../core/index.ts';
import { emit, parseNumber, type CommandModule } from '../context.ts';
import { runCase } from '../run.ts';

/** The positional arguments, worded as their usage names them. */
const ARGUMENTS = { kind: 'kind', value: '<value>', from: '<from>', to: '<to>' };

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
    .argument('<kind>', CONVERT_KINDS.join(' | '))
    .argument('<value>', 'the number to convert', parseNumber)
    .argument('<from>', 'unit of the value')
    .argument('<to>', 'unit wanted')
    .option('--json', 'print JSON')
    .action(
      async (
        kind: ConvertInput['kind'],
        value: number,
        from: string,
        to: string,
        opts: { json?: boolean },
        command: Command,
      ) => {
        // A refused value is named as typed (`1e308`), not as the number read.
        const typed = { value: command.args[1] ?? String(value) };
        const outcome = await runCase(ctx.app, 'convert', { kind, value, from, to }, ARGUMENTS, typed);
        const r = outcome.result;
        emit(
          ctx,
          opts.json,
          ctx.app.present('convert', outcome),
          () => `${r.value} ${r.from} = ${r.result} ${r.to}`,
        );
      },
    );
};
