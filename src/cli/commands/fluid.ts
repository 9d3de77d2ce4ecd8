import { checkFluidTempC, FLUID_KINDS, fluidModel, InputError } from '../../core/index.ts';
import { emit, fmt, type CommandModule } from '../context.ts';
import { helpWithRanges, ranged } from '../ranges.ts';

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
      .action((fluid: string, opts: { massFraction?: number; tempC: number; json?: boolean }) => {
        const kind = FLUID_KINDS.find((k) => k === fluid);
        if (!kind)
          throw new InputError(`fluid must be one of ${FLUID_KINDS.join(', ')}`, {
            field: 'fluid',
            value: fluid,
          });
        if (kind !== 'water' && opts.massFraction === undefined)
          throw new InputError(`give the glycol concentration, e.g. --mass-fraction 0.3`, {
            field: '--mass-fraction',
          });
        const model = fluidModel({ kind, massFraction: opts.massFraction ?? 0 }, '--mass-fraction');
        checkFluidTempC(model, opts.tempC, '--temp-c');
        const densityKgM3 = model.densityKgM3(opts.tempC);
        const cpJKgK = model.cpJKgK(opts.tempC);
        const data = {
          fluid: kind,
          mass_fraction: model.spec.massFraction,
          temp_c: opts.tempC,
          density_kg_m3: densityKgM3,
          cp_j_kgk: cpJKgK,
          valid_min_c: model.minC,
          valid_max_c: model.maxC,
          freeze_c: model.freezeC ?? null,
          source: model.source,
        };
        emit(ctx, opts.json, data, () =>
          [
            `${kind}${kind === 'water' ? '' : ` ${fmt(model.spec.massFraction * 100, 1)} % by mass`} at ${opts.tempC} C`,
            `  density  ${fmt(densityKgM3, 2)} kg/m3`,
            `  cp       ${fmt(cpJKgK, 1)} J/(kg K)`,
            `  valid    ${model.minC} to ${model.maxC} C` +
              (model.freezeC === undefined ? '' : ` (freezing point ${fmt(model.freezeC, 2)} C)`),
            `  source   ${model.source}`,
          ].join('\n'),
        );
      }),
  );
};
