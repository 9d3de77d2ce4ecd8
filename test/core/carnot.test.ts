import { describe, expect, it } from 'vitest';
import { carnotCopCooling, carnotCopHeating, judgeCop } from '../../src/core/index.ts';

describe('Carnot limit', () => {
  it('ground-source 0 degC -> 35 degC: 308.15 / 35 = 8.80 (seed 002: "the maximum achievable is 8.8")', () => {
    expect(carnotCopHeating(35, 0)).toBeCloseTo(308.15 / 35, 12);
    expect(carnotCopHeating(35, 0)).toBeCloseTo(8.8, 1);
  });
  it('cooling COP limit = T_cold / lift; heating limit = cooling limit + 1', () => {
    // chilled water 7 degC, rejection at 35 degC: 280.15 / 28 = 10.005
    expect(carnotCopCooling(35, 7)).toBeCloseTo(280.15 / 28, 12);
    expect(carnotCopHeating(35, 7) - carnotCopCooling(35, 7)).toBeCloseTo(1, 12);
  });
  it('no lift means no finite limit', () => {
    expect(carnotCopHeating(20, 25)).toBe(Infinity);
  });
  it('judges: typical COP 4 at 0 -> 35 is plausible (45 % of 8.8)', () => {
    expect(judgeCop({ cop: 4, mode: 'heating', sinkC: 35, sourceC: 0 }).verdict).toBe('plausible');
  });
  it('judges: COP 6 at 0 -> 35 is suspicious (68 % > 60 %), COP 9.5 is impossible (> 8.8)', () => {
    const s = judgeCop({ cop: 6, mode: 'heating', sinkC: 35, sourceC: 0 });
    expect(s.verdict).toBe('suspicious');
    expect(s.check?.severity).toBe('warning');
    const i = judgeCop({ cop: 9.5, mode: 'heating', sinkC: 35, sourceC: 0, start: '2025-01-01T00:00:00Z' });
    expect(i.verdict).toBe('impossible');
    expect(i.check).toMatchObject({
      code: 'cop-above-carnot',
      severity: 'error',
      start: '2025-01-01T00:00:00Z',
    });
    expect(i.check?.message).toMatch(/8\.80/);
  });
});
