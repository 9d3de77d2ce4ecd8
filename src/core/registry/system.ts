import { check, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';
import { checkAhri } from './ahri.ts';
import { checkIsoDate } from './dates.ts';
import type { RatingPoint, RegistrationTechnology, SystemRegistration } from './types.ts';

/**
 * An EN 14511 condition name: source medium and temperature, then sink medium and temperature (`A7/W35`: outdoor
 * air 7 degC to leaving water 35 degC; `B0/W35`: brine 0 degC; `W10/W35`: water 10 degC; `A7/A20`: indoor air).
 */
const EN14511_CONDITION = /^([ABW])(-?\d+(?:\.\d+)?)\/([AW])(-?\d+(?:\.\d+)?)$/;

/** The source medium (EN 14511 letter) each technology draws on: A air, B brine (ground loop), W water. */
const SOURCE_MEDIA: Record<RegistrationTechnology, readonly string[]> = {
  'ground-source': ['B', 'W'],
  'air-to-water': ['A'],
  'air-to-air': ['A'],
  'water-to-water': ['W', 'B'],
  hybrid: ['A', 'B', 'W'],
};
const SINK_MEDIA: Record<RegistrationTechnology, readonly string[]> = {
  'ground-source': ['W', 'A'],
  'air-to-water': ['W'],
  'air-to-air': ['A'],
  'water-to-water': ['W'],
  hybrid: ['W', 'A'],
};

/**
 * An EN 14511 rating point whose name states its temperatures must agree with the temperatures given
 * (InputError at `ratingPoint`); a source or sink medium that does not fit the technology (an air-to-water
 * unit rated at B0/W35) is a warning. Other standards' condition names are kept as given.
 */
export function checkRatingPoint(technology: RegistrationTechnology, point: RatingPoint): Check[] {
  if (point.standard !== 'EN 14511') return [];
  const m = EN14511_CONDITION.exec(point.condition.replace(/\s+/g, ''));
  if (!m)
    return [
      check(
        'rating-condition-unparsed',
        'info',
        `EN 14511 condition "${point.condition}" is not of the form A7/W35: its temperatures were not checked`,
      ),
    ];
  const [, sourceMedium = '', sourceText = '', sinkMedium = '', sinkText = ''] = m;
  const named = { sourceC: Number(sourceText), sinkC: Number(sinkText) };
  for (const side of ['sourceC', 'sinkC'] as const) {
    const given = point[side];
    if (given !== undefined && given !== named[side])
      throw new InputError(
        `rating point ${point.condition} means ${side === 'sourceC' ? 'a source' : 'a sink'} at ${named[side]} degC, not the ${given} degC given`,
        { path: ['ratingPoint'], value: point },
      );
  }
  const checks: Check[] = [];
  if (!SOURCE_MEDIA[technology].includes(sourceMedium) || !SINK_MEDIA[technology].includes(sinkMedium))
    checks.push(
      check(
        'rating-point-medium',
        'warning',
        `rating point ${point.condition} (source ${sourceMedium}, sink ${sinkMedium}) does not fit a ${technology} system`,
      ),
    );
  return checks;
}

/**
 * A system's own registration: a rated capacity above 0 and a COP above 1 (at or below 1 nothing is drawn
 * from the source: no renewable heat, docs/methods.md), its commissioning date, its rating point, and its rated
 * values against its AHRI certificate (ahri.ts).
 */
export function checkSystem(system: SystemRegistration): Check[] {
  if (!(Number.isFinite(system.ratedCapacityW) && system.ratedCapacityW > 0))
    throw new InputError('the rated capacity must be above 0', {
      path: [system.capacityGivenAs ?? 'tons'],
    });
  if (!(Number.isFinite(system.ratedCop) && system.ratedCop > 1))
    throw new InputError('a heating COP must be above 1 (at 1 or below nothing is drawn from the source)', {
      path: ['cop'],
      value: system.ratedCop,
    });
  checkIsoDate(system.commissioned, ['commissioned']);
  const checks = system.ratingPoint ? checkRatingPoint(system.technology, system.ratingPoint) : [];
  return [...checks, ...checkAhri(system).checks];
}
