import { InputError, OutOfRangeError } from '../errors.ts';

/** A declared part-load point of EN 14825 (conditions A..G, Tbiv, TOL): capacity Pdh and COPd at Tj. */
export interface DeclaredPoint {
  tjC: number;
  pdhW: number;
  copd: number;
  /** Degradation coefficient declared at this point; the unit's default applies when absent. */
  cdh?: number;
}

/** How far above the highest declared point the bins may reach: condition D (+12 C) to the 15 C bin. */
export const MAX_EXTRAPOLATION_K = 3;

export interface PointValues {
  pdhW: number;
  copd: number;
  cdh: number;
  extrapolated: boolean;
}

/**
 * Declared values at bin temperature Tj. EN 14825:2018 (bin method for SCOP) and Regulation (EU) 813/2013 Annex I
 * ("bin-specific coefficient of performance": "calculated for other bins through inter/extrapolation"):
 * linear interpolation between the two nearest declared points; above the highest point (bins 13..15 C
 * above condition D) linear extrapolation from the two highest points, at most MAX_EXTRAPOLATION_K.
 * Below the lowest point nothing is extrapolated: the lowest point must be TOL, below which the heat pump
 * is off. `sorted` is ascending in Tj with distinct temperatures (see {@link sortPoints}).
 */
export function valuesAt(sorted: readonly DeclaredPoint[], tjC: number, defaultCdh: number): PointValues {
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) throw new InputError('no declared points', { field: 'points' });
  const cdhOf = (p: DeclaredPoint) => p.cdh ?? defaultCdh;
  if (tjC < first.tjC)
    throw new OutOfRangeError(`bin ${tjC} C is below the lowest declared point ${first.tjC} C`, {
      field: 'points',
      value: tjC,
    });
  if (tjC > last.tjC + MAX_EXTRAPOLATION_K || (tjC > last.tjC && sorted.length < 2))
    throw new OutOfRangeError(
      `bin ${tjC} C is above the highest declared point ${last.tjC} C; extrapolation needs two points ` +
        `and reaches at most ${MAX_EXTRAPOLATION_K} K: ` +
        'declare condition D (+12 C)',
      { field: 'points', value: tjC },
    );
  const exact = sorted.find((p) => p.tjC === tjC);
  if (exact) return { pdhW: exact.pdhW, copd: exact.copd, cdh: cdhOf(exact), extrapolated: false };
  // tjC is above the first point: the segment ends at the first point above it, or is the last segment.
  const i = sorted.findIndex((p) => p.tjC > tjC);
  const b = sorted[i === -1 ? sorted.length - 1 : i]!;
  const a = sorted[(i === -1 ? sorted.length - 1 : i) - 1]!;
  const w = (tjC - a.tjC) / (b.tjC - a.tjC);
  const lerp = (x: number, y: number) => x + (y - x) * w;
  const values = {
    pdhW: lerp(a.pdhW, b.pdhW),
    copd: lerp(a.copd, b.copd),
    cdh: lerp(cdhOf(a), cdhOf(b)),
    extrapolated: tjC > last.tjC,
  };
  if (!(values.pdhW > 0 && values.copd > 0))
    throw new OutOfRangeError(
      `extrapolating the declared points to ${tjC} C gives capacity ${values.pdhW.toFixed(0)} W and COP ` +
        `${values.copd.toFixed(2)}; declare a point there`,
      { field: 'points', value: tjC },
    );
  return values;
}

/** Sorts the points by Tj; the same Tj twice is allowed only with identical values (e.g. Tbiv = A). */
export function sortPoints(points: readonly DeclaredPoint[]): DeclaredPoint[] {
  const sorted = [...points].sort((p, q) => p.tjC - q.tjC);
  return sorted.filter((p, i) => {
    const prev = sorted[i - 1];
    if (!prev || prev.tjC !== p.tjC) return true;
    if (prev.pdhW === p.pdhW && prev.copd === p.copd && prev.cdh === p.cdh) return false;
    throw new InputError(`two declared points at ${p.tjC} C with different values`, {
      field: 'points',
      value: p.tjC,
    });
  });
}
