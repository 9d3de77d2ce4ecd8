import type { FluidInput, FluidResult } from '../../app/index.ts';
import { FLUID_KINDS } from '../../core/index.ts';
import { emit, fmt, type CommandModule } from '../context.ts';
import { helpWithRanges, ranged } from '../ranges.ts';
import { runCase } from '../run.ts';

function human(r: FluidResult): string {
  return [
    `${r.fluid}${r.fluid === 'water' ? '' : ` ${fmt(r.massFraction * 100, 1)} % by mass`} at ${r.tempC} C`,
    `  density  ${fmt(r.densityKgM3, 2)} kg/m3`,
    `  cp       ${fmt(r.cpJKgK, 1)} J/(kg K)`,
    `  valid    ${r.validMinC} to ${r.validMaxC} C` +
      (r.freezeC === null ? '' : ` (freezing point ${fmt(r.freezeC, 2)} C)`),
    `  source   ${r.source}`,
  ].join('\n');
}

export const fluidCommand: CommandModule = (program, ctx) => {
  helpWithRanges(
    program
      .command('fluid')
      .description(
        'Density and specific heat of water or a glycol solution at one temperature.\n' +
          'Water 0..125 C; propylene glycol 0..60 % by mass, to 125 C;\n' +
          'ethylene glycol 0..60 %, to 100 C. Below the freezing point or outside the\n' +
          'source tables: exit 2, never an extrapolated number. Sources: docs/methods.md.',
      )
      .argument('<fluid>', FLUID_KINDS.join(' | '))
      .option(
        '--mass-fraction <x>',
        'glycol mass fraction, 0..0.6 (e.g. 0.3 for 30 %)',
        ranged('--mass-fraction'),
      )
      .requiredOption('--temp-c <t>', 'fluid temperature in degC', ranged('--temp-c'))
      .option('--json', 'print JSON')
      .action(
        async (
          fluid: FluidInput['fluid'],
          { json, ...options }: Omit<FluidInput, 'fluid'> & { json?: boolean },
        ) => {
          // commander hands the text as typed (the use case refuses an unknown fluid); <fluid> is worded "fluid".
          const outcome = await runCase(ctx.app, 'fluid', { ...options, fluid }, { fluid: 'fluid' });
          emit(ctx, json, ctx.app.present('fluid', outcome), () => human(outcome.result));
        },
      ),
  );
};
