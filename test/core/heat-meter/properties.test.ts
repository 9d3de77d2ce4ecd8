import fc from 'fast-check';
import { describe, it } from 'vitest';
import { FLOW_CHANNELS, MIN, T0, integrate, options, type Row } from './helpers.ts';

/** Random 1-minute streams with heating, cooling, defrost-like reversals, gaps and power off. */
const stream = fc
  .array(
    fc.record({
      stepMin: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 30 })),
      flowLpm: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 60, noNaN: true })),
      supplyC: fc.double({ min: 5, max: 70, noNaN: true }),
      returnC: fc.double({ min: 5, max: 70, noNaN: true }),
      elecW: fc.double({ min: 0, max: 5000, noNaN: true }),
    }),
    { minLength: 3, maxLength: 80 },
  )
  .map((xs) => {
    let t = T0;
    return xs.map((x): Row => {
      t += x.stepMin * MIN;
      return {
        timeMs: t,
        flowM3s: x.flowLpm / 60000,
        supplyC: x.supplyC,
        returnC: x.returnC,
        elecW: x.elecW,
      };
    });
  });

const meterClass = { accuracyClass: 2, qpM3h: 1.5, dtMinK: 3 } as const;
const opts = options([...FLOW_CHANNELS, 'elecPower'], { meterClass });
// defrost classification looks at both sides of a reversal, so a split inside one can move energy between
// defrost and cooling: additivity is stated without defrost detection
const noDefrost = options([...FLOW_CHANNELS, 'elecPower'], { meterClass, defrostMaxS: 0 });
const boundJ = (i: { heatJ: number; uncertaintyPct: number | null }) =>
  (i.heatJ * (i.uncertaintyPct ?? 0)) / 100;
const rel = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('properties', () => {
  it('energy is additive over a split of the sample stream ([a..k] + [k..n] = [a..n])', () => {
    fc.assert(
      fc.property(stream, fc.nat(), (rows, k0) => {
        const k = 1 + (k0 % (rows.length - 1));
        const whole = integrate(noDefrost, rows).total;
        const a = integrate(noDefrost, rows.slice(0, k + 1)).total;
        const b = integrate(noDefrost, rows.slice(k)).total;
        return (
          rel(a.heatJ + b.heatJ, whole.heatJ) &&
          rel(a.coolJ + b.coolJ, whole.coolJ) &&
          rel(a.elecJ + b.elecJ, whole.elecJ) &&
          rel(boundJ(a) + boundJ(b), boundJ(whole))
        );
      }),
    );
  });

  it('scaling the flow scales heat, cooling and defrost by the same factor', () => {
    fc.assert(
      fc.property(stream, fc.double({ min: 0.1, max: 10, noNaN: true }), (rows, s) => {
        const base = integrate(options(FLOW_CHANNELS), rows).total;
        const scaled = integrate(
          options(FLOW_CHANNELS),
          rows.map((r) => ({ ...r, flowM3s: r.flowM3s! * s })),
        ).total;
        return (
          rel(scaled.heatJ, s * base.heatJ) &&
          rel(scaled.coolJ, s * base.coolJ) &&
          rel(scaled.defrostJ, s * base.defrostJ)
        );
      }),
    );
  });

  it('heat, cooling and defrost are never negative', () => {
    fc.assert(
      fc.property(stream, (rows) => {
        const r = integrate(opts, rows);
        return [r.total, ...r.intervals].every((i) => i.heatJ >= 0 && i.coolJ >= 0 && i.defrostJ >= 0);
      }),
    );
  });
});
