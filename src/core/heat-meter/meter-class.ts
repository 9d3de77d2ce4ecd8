import { InputError } from '../errors.ts';
import type { MeterClassSpec } from './types.ts';

/** The parts of an EN 1434 meter class as given: the accuracy class, qp (m3/h) and the minimum dT (K). */
export interface MeterClassParts {
  meterClass?: number;
  qpM3h?: number;
  dtMinK?: number;
}

/**
 * An EN 1434 meter class from its parts: none given is no class; some but not all is an error (the error
 * limits of EN 1434-1 depend on all three); the accuracy class is 1, 2 or 3. Errors are located at the
 * parts' names (`meterClass`, `qpM3h`, `dtMinK`).
 */
export function meterClassSpec(parts: MeterClassParts): MeterClassSpec | undefined {
  const given = [parts.meterClass, parts.qpM3h, parts.dtMinK].filter((v) => v !== undefined).length;
  if (given === 0) return undefined;
  if (given !== 3)
    throw new InputError(
      'the accuracy class, the permanent flow rate qp and the minimum temperature difference go together (EN 1434 needs all three)',
      { path: ['meterClass'], also: [['qpM3h'], ['dtMinK']] },
    );
  const accuracyClass = parts.meterClass;
  if (accuracyClass !== 1 && accuracyClass !== 2 && accuracyClass !== 3)
    throw new InputError('EN 1434 accuracy class is 1, 2 or 3', {
      path: ['meterClass'],
      value: accuracyClass,
    });
  return { accuracyClass, qpM3h: parts.qpM3h!, dtMinK: parts.dtMinK! };
}
