import { describe, expect, it } from 'vitest';
import { btuhToW, calculateMethod, InputError, tonsToW } from '../../src/core/index.ts';
import { loadProgram } from '../../src/ingest/programs.ts';

const J_PER_BTU = 1055.05585262; // NIST SP 811, exact
const J_PER_MWH = 3.6e9;

describe('grec-formula: the worked example of seed 001', () => {
  // Seed 001: "a 4-ton system operating at a COP of 3.5: the 4 tons represent 48,000 BTU/hr of capacity, which
  // over 8,760 hours equals 420,480,000 BTUs per year. [...] the total thermal output jumps to 1,471,680,000
  // BTUs. Dividing this by the conversion constant [3,412,000] yields approximately 431 MWh".
  const r = calculateMethod('grec-formula', { capacityW: tonsToW(4), cop: 3.5 });

  it('gives 1,471,680,000 BTU and 1,471,680,000 / 3,412,000 = 431.32 MWh', () => {
    expect(Math.abs(r.btu - 1_471_680_000) / 1_471_680_000).toBeLessThan(1e-12);
    expect(r.mwh).toBeCloseTo(1_471_680_000 / 3_412_000, 9);
    expect(Math.round(r.mwh)).toBe(431); // "approximately 431 MWh, translating to 431 GRECs"
    expect(r.certificates).toBe(431);
    expect(r.btuPerMwh).toBe(3_412_000);
    expect(r.basis).toBe('formula-output');
  });

  it('flags that it exceeds the physical cap of 123.2 MWh, with 88.0 MWh renewable, and still returns it', () => {
    // Cap by hand: 48,000 BTU/h x 8,760 h = 420,480,000 BTU; x 1055.05585262 J/BTU / 3.6e9 J/MWh = 123.2305 MWh.
    const capMwh = (420_480_000 * J_PER_BTU) / J_PER_MWH;
    expect(capMwh).toBeCloseTo(123.2305, 4);
    expect(r.capJ / J_PER_MWH).toBeCloseTo(capMwh, 9);
    // Renewable part the physics allows: 123.2305 x (1 - 1/3.5) = 123.2305 x 2.5/3.5 = 88.0218 MWh.
    expect(r.renewableCapJ / J_PER_MWH).toBeCloseTo((capMwh * 2.5) / 3.5, 9);
    const c = r.checks.find((x) => x.code === 'exceeds-capacity');
    expect(c?.severity).toBe('error');
    expect(c?.message).toMatch(/123\.23 MWh/);
    expect(c?.message).toMatch(/88\.02 MWh/);
    expect(c?.message).toMatch(/431\.32 MWh/);
    expect(c?.message).toMatch(/3\.50 times/); // = COP: 1,471,680,000 / 420,480,000
  });

  it('under a program that lists the formula, the cap is a warning beside the credited figure; else an error', () => {
    // Maryland lists grec-formula: it credits the 431.32 MWh as written, so the figure is the program's
    // certificate basis and the physics audit (123.23 MWh at most) is stated beside it as a warning.
    const md = calculateMethod(
      'grec-formula',
      { capacityW: tonsToW(4), cop: 3.5 },
      loadProgram('md-geothermal'),
    );
    const warned = md.checks.find((x) => x.code === 'exceeds-capacity');
    expect(warned?.severity).toBe('warning');
    expect(warned?.message).toMatch(
      /^program md-geothermal v\S+ credits grec-formula as written.*123\.23 MWh/,
    );
    expect(md.certificates).toBe(431);
    // New Hampshire lists only metering: the formula's figure stands for delivered energy, and is an error.
    const nh = calculateMethod(
      'grec-formula',
      { capacityW: tonsToW(4), cop: 3.5 },
      loadProgram('nh-class-i-thermal'),
    );
    expect(nh.checks.find((x) => x.code === 'exceeds-capacity')?.severity).toBe('error');
  });

  it('applies the fuel-displacement multiplier to the credited MWh, not to the energy', () => {
    const m = calculateMethod('grec-formula', { capacityW: tonsToW(4), cop: 3.5, multiplier: 2 });
    expect(m.mwh).toBeCloseTo(1_471_680_000 / 3_412_000, 9);
    expect(m.creditedMwh).toBeCloseTo((2 * 1_471_680_000) / 3_412_000, 9);
    expect(m.certificates).toBe(862); // floor(862.649)
  });

  it('is annual by definition: another period is refused', () => {
    expect(() => calculateMethod('grec-formula', { capacityW: tonsToW(4), cop: 3.5, periodH: 4000 })).toThrow(
      /field periodH.*8,760/,
    );
  });
});

describe('runtime-renewable (hand calculation)', () => {
  it('10 kW for 1,000 h at COP 3: heat 10 MWh, renewable 10 x (1 - 1/3) = 6.667 MWh, 6 certificates', () => {
    const r = calculateMethod('runtime-renewable', { capacityW: 10_000, cop: 3, runtimeH: 1000 });
    // heat = 10,000 W x 1,000 h = 10,000 kWh = 10 MWh = 3.6e10 J
    expect(r.heatJ).toBeCloseTo(3.6e10, 0);
    expect(r.mwh).toBeCloseTo(10 * (2 / 3), 12);
    expect(r.certificates).toBe(6);
    // remainder: 6.6667 - 6 = 0.6667 MWh = 2.4e9 J
    expect(r.remainderJ).toBeCloseTo(2.4e9, 0);
    expect(r.basis).toBe('renewable-portion');
    // cap 10 kW x 8,760 h = 87.6 MWh: not exceeded
    expect(r.capJ / J_PER_MWH).toBeCloseTo(87.6, 12);
    expect(r.checks).toEqual([]);
  });

  it('part load: load fraction 0.5 halves it (3.333 MWh)', () => {
    const r = calculateMethod('runtime-renewable', {
      capacityW: 10_000,
      cop: 3,
      runtimeH: 1000,
      loadFraction: 0.5,
    });
    expect(r.mwh).toBeCloseTo(5 * (2 / 3), 12);
  });

  it('refuses more runtime than the period has, and a missing runtime', () => {
    expect(() =>
      calculateMethod('runtime-renewable', { capacityW: 1e4, cop: 3, runtimeH: 800, periodH: 720 }),
    ).toThrow(/field runtimeH.*720 hours/);
    expect(() => calculateMethod('runtime-renewable', { capacityW: 1e4, cop: 3 })).toThrow(/field runtimeH/);
    expect(() =>
      calculateMethod('runtime-renewable', { capacityW: 1e4, cop: 3, runtimeH: 10, loadFraction: 1.2 }),
    ).toThrow(/field loadFraction/);
  });
});

describe('full-load-hours (hand calculation)', () => {
  it('36,000 BTU/h x 1,500 EFLH at COP 3: 54,000,000 BTU heat, 36,000,000 BTU renewable = 10.5506 MWh', () => {
    const r = calculateMethod('full-load-hours', { capacityW: btuhToW(36_000), cop: 3, fullLoadHours: 1500 });
    // 36,000 x 1,500 = 54,000,000 BTU; x (1 - 1/3) = 36,000,000 BTU; x 1055.05585262 / 3.6e9 = 10.55056 MWh
    expect(r.btu).toBeCloseTo(36_000_000, 4);
    expect(r.mwh).toBeCloseTo((36_000_000 * J_PER_BTU) / J_PER_MWH, 9);
    expect(r.heatJ! / J_PER_MWH).toBeCloseTo((54_000_000 * J_PER_BTU) / J_PER_MWH, 9);
    expect(r.btuPerMwh).toBeNull();
    expect(r.certificates).toBe(10);
  });

  it('refuses full-load hours beyond the period', () => {
    expect(() => calculateMethod('full-load-hours', { capacityW: 1e4, cop: 3, fullLoadHours: 9000 })).toThrow(
      /field fullLoadHours.*8760 hours/,
    );
  });
});

describe('input validation', () => {
  it('refuses COP <= 1 (no renewable heat) and non-numbers, naming the field', () => {
    for (const cop of [1, 0.9, 0, -2, Number.NaN, Infinity]) {
      const call = () => calculateMethod('grec-formula', { capacityW: 1e4, cop });
      expect(call).toThrow(InputError);
      expect(call).toThrow(/field cop/);
    }
  });
  it('refuses zero or negative capacity and multiplier, and an unknown method', () => {
    expect(() => calculateMethod('grec-formula', { capacityW: 0, cop: 3 })).toThrow(/field capacityW/);
    expect(() => calculateMethod('grec-formula', { capacityW: 1e4, cop: 3, multiplier: 0 })).toThrow(
      /field multiplier/,
    );
    expect(() => calculateMethod('nonsense', { capacityW: 1e4, cop: 3 })).toThrow(
      /field method.*grec-formula/,
    );
  });
  it('judges the COP against Carnot when rating temperatures are given (seed 002: 0 -> 35 degC limit 8.8)', () => {
    const r = calculateMethod('full-load-hours', {
      capacityW: 1e4,
      cop: 9,
      fullLoadHours: 100,
      sourceC: 0,
      sinkC: 35,
    });
    expect(r.checks.map((c) => c.code)).toContain('cop-above-carnot');
    expect(() => calculateMethod('grec-formula', { capacityW: 1e4, cop: 3, sourceC: 0 })).toThrow(
      /field sinkC/,
    );
  });
});
