import { z } from 'zod';
import {
  CLIMATES,
  computeScop,
  EN14825_CLIMATES,
  energyFromJ,
  InputError,
  isOk,
  powerFromW,
  type ScopResult,
} from '../core/index.ts';
import type { ScopDeclaration } from './ports.ts';
import { defineUseCase } from './use-case.ts';

/** The off-mode hour sets a SCOP can be computed with (EN14825_CLIMATES: keymarkHours, heatingOnlyHours). */
export const SCOP_HOUR_SETS = ['keymark', 'heating-only'] as const;

export const scopInput = z
  .object({
    unit: z
      .string()
      .min(1)
      .meta({ description: 'the EN 14825 declaration file (UNIT.json: prated_kw, tbiv_c, tol_c, points)' }),
    climate: z
      .enum(CLIMATES, { error: `use one of ${CLIMATES.join(', ')}` })
      .meta({ description: 'EN 14825 reference climate the declaration was made for' }),
    hours: z.enum(SCOP_HOUR_SETS, { error: 'use keymark or heating-only' }).meta({
      description: 'off-mode hour set: keymark (published Keymark SCOP) or heating-only (EN 14825)',
    }),
  })
  .strict();

export type ScopInput = z.input<typeof scopInput>;

/** The seasonal COP of a declaration, with the file it came from. */
export interface ScopCaseResult extends ScopResult {
  file: string;
}

/**
 * A refusal of the declaration as a whole (TOL above Tbiv, no point at TOL or Tbiv, points short of +12 C:
 * the file's schema has checked every single value) names the file and its key (`tol_c`).
 */
function inFile(error: unknown, declaration: ScopDeclaration): unknown {
  if (!(error instanceof InputError) || error.where.file !== undefined) return error;
  const field = error.where.field;
  const Ctor = error.constructor as new (d: string, w: object, o?: { cause?: unknown }) => InputError;
  return new Ctor(
    error.detail,
    {
      ...error.where,
      file: declaration.file,
      ...(field === undefined ? {} : { field: declaration.keys[field] ?? field }),
    },
    { cause: error },
  );
}

const kw = (w: number) => powerFromW(w, 'kW');
const kwh = (j: number) => energyFromJ(j, 'kWh');

/** Seasonal COP (EN 14825 bin method) of a heat pump from its declared part-load points. */
export const scopUseCase = defineUseCase({
  name: 'scop',
  summary: 'Seasonal COP (EN 14825) of a heat pump from its declared part-load points',
  input: scopInput,
  defaults: {
    climate: {
      value: 'average',
      source:
        'Regulation (EU) 813/2013: its ecodesign requirements are for the average heating season; the colder and warmer declarations are optional (EN 14825)',
    },
    hours: {
      value: 'keymark',
      source:
        'the off-mode hour set the published Heat Pump Keymark SCOP follows (docs/methods.md, "EN 14825 seasonal performance")',
    },
  },
  run(i, { ports }): ScopCaseResult {
    const declaration = ports.units.scop(i.unit);
    const data = EN14825_CLIMATES[i.climate];
    const hours = i.hours === 'keymark' ? data.keymarkHours : data.heatingOnlyHours;
    try {
      return { file: i.unit, ...computeScop(declaration.unit, { climate: i.climate, hours }) };
    } catch (error) {
      throw inFile(error, declaration);
    }
  },
  present: (r) => ({
    file: r.file,
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
  }),
});
