import { describe, expect, it } from 'vitest';
import { formatSerial, InputError, parseSerial, serialPrefix } from '../../../src/core/index.ts';

describe('serials', () => {
  it('read as program/unit/vintage/number, the enrolment standing in for a unit without an id', () => {
    const prefix = serialPrefix({
      programId: 'nh-class-i-thermal',
      unitId: 'NON12345',
      enrolmentId: 'enr_1',
      vintage: '2026-Q3',
    });
    expect(prefix).toBe('nh-class-i-thermal/NON12345/2026-Q3');
    expect(formatSerial(prefix, 123)).toBe('nh-class-i-thermal/NON12345/2026-Q3/000123');
    expect(formatSerial(prefix, 1_234_567)).toBe('nh-class-i-thermal/NON12345/2026-Q3/1234567');
    expect(
      serialPrefix({ programId: 'md-geothermal', unitId: null, enrolmentId: 'enr_7', vintage: '2026-07' }),
    ).toBe('md-geothermal/enr_7/2026-07');
  });
  it('keep only letters, digits and . _ - inside a part, so the slashes always separate parts', () => {
    const prefix = serialPrefix({
      programId: 'md-geothermal',
      unitId: ' GATS 12/34 ',
      enrolmentId: 'x',
      vintage: '2026-Q3',
    });
    expect(prefix).toBe('md-geothermal/GATS-12-34/2026-Q3');
    expect(() =>
      serialPrefix({ programId: 'x', unitId: null, enrolmentId: '///', vintage: '2026-Q3' }),
    ).toThrow(InputError);
  });
  it('parse back what formatSerial wrote, and refuse anything else', () => {
    expect(parseSerial('nh-class-i-thermal/NON12345/2026-Q3/000123')).toEqual({
      prefix: 'nh-class-i-thermal/NON12345/2026-Q3',
      n: 123,
    });
    for (const bad of ['000123', 'a/b/123', 'a/b/00012x', 'a b/000001', 'a/000000'])
      expect(() => parseSerial(bad), bad).toThrow(InputError);
    expect(() => formatSerial('a', 0)).toThrow(InputError);
    expect(() => formatSerial('a', 1.5)).toThrow(InputError);
  });
});
