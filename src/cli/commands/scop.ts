import { z } from 'zod';
import {
  CLIMATES,
  computeScop,
  declarationStep,
  DEFAULT_OUTLET_C,
  EN14825_CLIMATES,
  energyFromJ,
  InputError,
  isOk,
  powerFromW,
  powerToW,
  type Climate,
  type ScopResult,
  type ScopUnit,
} from '../../core/index.ts';
import { readUnitText } from '../../ingest/unit-file.ts';
import { checkLines, errorLead } from '../checks-output.ts';
import { emit, fmt, type CommandModule } from '../context.ts';

const nonNegative = z.number().finite().nonnegative();
const positive = z.number().finite().positive();
const fraction = z.number().min(0).max(1);
/** Outdoor temperatures of a declaration: EN 14825 bins span -22..+15 C; -60..+40 C leaves room, refuses typos. */
const outdoorC = z.number().finite().min(-60).max(40);

/** UNIT.json: an EN 14825 declaration (capacities in kW, off-mode powers in W). */
const UnitFile = z.strictObject({
  _source: z.string().optional(),
  prated_kw: positive,
  tbiv_c: outdoorC,
  tol_c: outdoorC,
  cdh: fraction.optional(),
  source: z.enum(['air', 'water', 'brine']).optional(),
  points: z
    .array(
      z.strictObject({
        tj_c: outdoorC,
        pdh_kw: positive,
        copd: positive,
        cdh: fraction.optional(),
        outlet_c: z.number().finite().min(-50).max(100).optional(),
      }),
    )
    .min(1),
  poff_w: nonNegative.optional(),
  pto_w: nonNegative.optional(),
  psb_w: nonNegative.optional(),
  pck_w: nonNegative.optional(),
});

function readUnitFile(file: string): ScopUnit {
  const text = readUnitText(file);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not JSON: ${(e as Error).message}`, { file });
  }
  const parsed = UnitFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
    throw new InputError(issue.message, { file, field: field.replace(/^\./, '') || '(root)' });
  }
  const u = parsed.data;
  const kW = (v: number) => powerToW(v, 'kW');
  return {
    pratedW: kW(u.prated_kw),
    tbivC: u.tbiv_c,
    tolC: u.tol_c,
    // The declaration's rounding per quantity, from its numbers as written (kW for capacity), for points
    // declared twice at one Tj (declarationStep).
    points: u.points.map((p, i) => ({
      tjC: p.tj_c,
      pdhW: kW(p.pdh_kw),
      copd: p.copd,
      label: `points[${i}]`,
      pdhStepW: kW(declarationStep(u.points.map((q) => q.pdh_kw))),
      copdStep: declarationStep(u.points.map((q) => q.copd)),
      ...(p.cdh === undefined
        ? {}
        : {
            cdh: p.cdh,
            cdhStep: declarationStep(u.points.flatMap((q) => (q.cdh === undefined ? [] : [q.cdh]))),
          }),
      ...(p.outlet_c === undefined ? {} : { outletC: p.outlet_c }),
    })),
    ...(u.cdh === undefined ? {} : { cdh: u.cdh }),
    ...(u.source === undefined ? {} : { source: u.source }),
    poffW: u.poff_w,
    ptoW: u.pto_w,
    psbW: u.psb_w,
    pckW: u.pck_w,
  };
}

const kw = (w: number) => powerFromW(w, 'kW');
const kwh = (j: number) => energyFromJ(j, 'kWh');

function toJson(file: string, r: ScopResult) {
  return {
    file,
    climate: r.climate,
    scop: r.scop,
    scop_on: r.scopOn,
    scop_net: r.scopNet,
    eta_s_pct: r.etaSPct,
    qh_kwh: kwh(r.qhJ),
    qhe_kwh: kwh(r.qheJ),
    off_mode_kwh: kwh(r.offModeJ),
    bounds: {
      low_cop: r.bounds.lowCop,
      high_cop: r.bounds.highCop,
      low_scop: r.bounds.lowScop,
      high_scop: r.bounds.highScop,
    },
    hours: {
      name: r.hours.name,
      hto_h: r.hours.htoH,
      hsb_h: r.hours.hsbH,
      hck_h: r.hours.hckH,
      hoff_h: r.hours.hoffH,
    },
    bins: r.bins.map((b) => ({
      tj_c: b.tjC,
      hours_h: b.hours,
      part_load: b.partLoad,
      load_kw: kw(b.loadW),
      pdh_kw: kw(b.pdhW),
      heat_pump_kw: kw(b.heatPumpW),
      backup_kw: kw(b.backupW),
      capacity_ratio: b.capacityRatio,
      cdh: b.cdh,
      copd: b.copd,
      cop_bin: b.copBin,
      extrapolated: b.extrapolated,
      electric_kw: kw(b.electricW),
    })),
    ok: isOk(r.checks),
    checks: r.checks,
  };
}

function human(file: string, r: ScopResult): string {
  const h = r.hours;
  return [
    ...errorLead(r.checks),
    `${file}: EN 14825 ${r.climate} climate`,
    `  SCOP     ${fmt(r.scop)}   (SCOPon ${fmt(r.scopOn)}, SCOPnet ${fmt(r.scopNet)})`,
    `  eta_s    ${fmt(r.etaSPct, 0)} %   (Regulation (EU) 813/2013: SCOP / 2.5 - corrections)`,
    `  QH ${fmt(kwh(r.qhJ), 0)} kWh/yr, QHE ${fmt(kwh(r.qheJ), 0)} kWh/yr, of which off modes ${fmt(kwh(r.offModeJ), 1)} kWh`,
    `  off-mode hours (${h.name}): HTO ${h.htoH}, HSB ${h.hsbH}, HCK ${h.hckH}, HOFF ${h.hoffH}`,
    `  the points allow SCOP ${fmt(r.bounds.lowScop)} to ${fmt(r.bounds.highScop)} (bin COP ${fmt(r.bounds.lowCop)} to ${fmt(r.bounds.highCop)})`,
    ...checkLines(r.checks).map((l) => `  ${l}`),
  ].join('\n');
}

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
    .option('--climate <climate>', `reference climate: ${CLIMATES.join(' | ')}`, 'average')
    .option(
      '--hours <set>',
      'off-mode hour set: keymark (published Keymark SCOP) | heating-only (EN 14825)',
      'keymark',
    )
    .option('--json', 'print JSON, with the per-bin detail')
    .action((file: string, opts: { climate: string; hours: string; json?: boolean }) => {
      if (!CLIMATES.includes(opts.climate as Climate))
        throw new InputError(`use one of ${CLIMATES.join(', ')}`, {
          field: '--climate',
          value: opts.climate,
        });
      if (opts.hours !== 'keymark' && opts.hours !== 'heating-only')
        throw new InputError('use keymark or heating-only', { field: '--hours', value: opts.hours });
      const climate = opts.climate as Climate;
      const data = EN14825_CLIMATES[climate];
      const unit = readUnitFile(file);
      const hours = opts.hours === 'keymark' ? data.keymarkHours : data.heatingOnlyHours;
      let result: ScopResult;
      try {
        result = computeScop(unit, { climate, hours });
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        // The schema has checked every value; what the core still refuses is the declaration as a whole
        // (TOL above Tbiv, no point at TOL or Tbiv, points short of +12 C): name the file and the JSON key.
        const bare = e.message.slice(InputError.format('', e.where).length);
        const field = e.where.field === 'tol' ? 'tol_c' : e.where.field;
        throw new InputError(bare, { ...e.where, file, field });
      }
      emit(ctx, opts.json, toJson(file, result), () => human(file, result));
    });
};
