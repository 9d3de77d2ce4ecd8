import { SCOP_HOUR_SETS, scopUseCase, type ScopCaseResult, type ScopInput } from '../../app/index.ts';
import { CLIMATES, DEFAULT_OUTLET_C, energyFromJ } from '../../core/index.ts';
import { checkLines, errorLead } from '../checks-output.ts';
import { emit, fmt, type CommandModule } from '../context.ts';
import { runCase } from '../run.ts';

const kwh = (j: number) => energyFromJ(j, 'kWh');

function human(r: ScopCaseResult): string {
  const h = r.hours;
  return [
    ...errorLead(r.checks),
    `${r.file}: EN 14825 ${r.climate} climate`,
    `  SCOP     ${fmt(r.scop)}   (SCOPon ${fmt(r.scopOn)}, SCOPnet ${fmt(r.scopNet)})`,
    `  eta_s    ${fmt(r.etaSPct, 0)} %   (Regulation (EU) 813/2013: SCOP / 2.5 - corrections)`,
    `  QH ${fmt(kwh(r.qhJ), 0)} kWh/yr, QHE ${fmt(kwh(r.qheJ), 0)} kWh/yr, of which off modes ${fmt(kwh(r.offModeJ), 1)} kWh`,
    `  off-mode hours (${h.name}): HTO ${h.htoH}, HSB ${h.hsbH}, HCK ${h.hckH}, HOFF ${h.hoffH}`,
    `  the points allow SCOP ${fmt(r.bounds.lowScop)} to ${fmt(r.bounds.highScop)} (bin COP ${fmt(r.bounds.lowCop)} to ${fmt(r.bounds.highCop)})`,
    ...checkLines(r.checks).map((l) => `  ${l}`),
  ].join('\n');
}

/** The use case's default, as commander would show it in --help (the use case fills it in). */
const shownDefault = (field: keyof typeof scopUseCase.defaults): string =>
  ` (default: ${JSON.stringify(scopUseCase.defaults[field].value)})`;

export const scopCommand: CommandModule = (program, ctx) => {
  program
    .command('scop')
    .summary('Seasonal COP (EN 14825) of a heat pump from its declared part-load points')
    .description(
      [
        'Seasonal COP (EN 14825 bin method) of a heat pump from its declared',
        'part-load points: SCOP, SCOPon, SCOPnet and eta_s (Regulation 813/2013).',
        'UNIT.json: { "prated_kw", "tbiv_c", "tol_c",',
        '  "points": [ { "tj_c", "pdh_kw", "copd", "cdh"?, "outlet_c"? } ],',
        '  "cdh"? (default 0.9), "source"? (air|water|brine),',
        '  "poff_w"?, "pto_w"?, "psb_w"?, "pck_w"? }',
        'Temperatures in C (-60..+40). Points must include TOL and Tbiv and reach',
        'condition D (+12 C). A UTF-8 byte-order mark is allowed.',
        'A Tj listed twice (Tbiv or TOL on A..D) counts once when the two agree',
        "within the declaration's rounding (its finest decimal per quantity: COPs",
        'written 4.64 agree to +-0.01); the declared Cdh is kept; a real conflict is',
        'refused, naming both points.',
        'Each COPd is checked against the Carnot limit from its source (Tj for air,',
        `0 C brine, 10 C water) to outlet_c (default ${DEFAULT_OUTLET_C} C, the lowest EN 14825 outlet).`,
        "A COPd above it, eta_s < 0, an off-mode power above the unit's input or a",
        "SCOP outside the points' range is an error: the figure is not clean",
        '(JSON "ok": false; in text the errors lead, before the numbers).',
        'EN 14825 declares Prated, Tbiv, TOL and the points per climate: give',
        'the declaration made for --climate. See docs/methods.md.',
      ].join('\n'),
    )
    .argument('<unit>', 'UNIT.json with the declaration')
    .option('--climate <climate>', `reference climate: ${CLIMATES.join(' | ')}${shownDefault('climate')}`)
    .option(
      '--hours <set>',
      `off-mode hour set: ${SCOP_HOUR_SETS.join(' (published Keymark SCOP) | ')} (EN 14825)${shownDefault('hours')}`,
    )
    .option('--json', 'print JSON, with the per-bin detail')
    .action(async (unit: string, { json, ...options }: Omit<ScopInput, 'unit'> & { json?: boolean }) => {
      const outcome = await runCase(ctx.app, 'scop', { unit, ...options }, { unit: '<unit>' });
      emit(ctx, json, ctx.app.present('scop', outcome), () => human(outcome.result));
    });
};
