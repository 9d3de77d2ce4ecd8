import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  agreeWithinRounding,
  computeScop,
  decimalStep,
  declarationStep,
  EN14825_CLIMATES,
  InputError,
  isOk,
  OutOfRangeError,
  seasonalEfficiencyPct,
  type DeclaredPoint,
  type ScopUnit,
} from '../../src/core/index.ts';

const ref = (name: string) =>
  readFileSync(new URL(`../../reference/en14825/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

describe('EN 14825 climate data embedded in core', () => {
  it('equals reference/en14825 (bins, hours, design temperature, HHE and heating-only hour set)', () => {
    for (const [climate, tj, h] of ref('en14825_bin_hours.csv')) {
      const bin = EN14825_CLIMATES[climate as 'average'].bins.find((b) => b.tjC === Number(tj));
      expect(bin?.hours, `${climate} ${tj}`).toBe(Number(h));
    }
    for (const [climate, tdesign, hhe, hoff, hto, hsb, hck] of ref('en14825_climate_constants.csv')) {
      const c = EN14825_CLIMATES[climate as 'average'];
      expect(c.bins.length).toBe(ref('en14825_bin_hours.csv').filter((r) => r[0] === climate).length);
      expect([c.tdesignhC, c.hheH]).toEqual([Number(tdesign), Number(hhe)]);
      const hs = c.heatingOnlyHours;
      expect([hs.hoffH, hs.htoH, hs.hsbH, hs.hckH]).toEqual([hoff, hto, hsb, hck].map(Number));
    }
  });
  it('reproduces HHE from the bins: sum hj x pl(Tj) = 2066 / 2465 / 1336 h within 1 h', () => {
    for (const c of Object.values(EN14825_CLIMATES)) {
      const sum = c.bins.reduce((s, b) => s + (b.hours * (b.tjC - 16)) / (c.tdesignhC - 16), 0);
      expect(Math.abs(sum - c.hheH)).toBeLessThan(1);
    }
  });
});

const P = (tjC: number, pdhKw: number, copd: number, cdh?: number): DeclaredPoint => ({
  tjC,
  pdhW: pdhKw * 1000,
  copd,
  ...(cdh === undefined ? {} : { cdh }),
});

/** Prated 10 kW; capacity 20 kW everywhere (never short); constant COP. */
const constantUnit = (copd: number, extra: Partial<ScopUnit> = {}): ScopUnit => ({
  pratedW: 10_000,
  tbivC: -10,
  tolC: -10,
  points: [-10, -7, 2, 7, 12].map((t) => P(t, 20, copd)),
  cdh: 1,
  ...extra,
});

// Average-climate sums from the reference bin table (hand-calculable): sum hj x pl(Tj) over all bins,
// and over the bins -10, -9, -8 C: 1 x 26/26 + 25 x 25/26 + 23 x 24/26 = 1203/26.
const binRows = ref('en14825_bin_hours.csv').filter((r) => r[0] === 'average');
const sumHPl = binRows.reduce((s, [, tj, h]) => s + (Number(h) * (16 - Number(tj))) / 26, 0);
const sumHPlBelowMinus7 = 1203 / 26;

describe('computeScop: hand calculations', () => {
  it('constant COP 3, enough capacity, Cdh 1, no off-mode power: SCOPon = SCOPnet = SCOP = 3', () => {
    const r = computeScop(constantUnit(3));
    expect(r.scopOn).toBeCloseTo(3, 12);
    expect(r.scopNet).toBeCloseTo(3, 12);
    expect(r.scop).toBeCloseTo(3, 12);
    // eta_s = 3 / 2.5 x 100 - 3 = 117 %
    expect(r.etaSPct).toBeCloseTo(117, 10);
    expect(r.bins.every((b) => b.backupW === 0)).toBe(true);
  });
  it('off-mode energy: QH = 10 kW x 2066 h; QHE = QH/3 + 179 h x 20 W + 179 h x 10 W (Keymark set)', () => {
    const r = computeScop(constantUnit(3, { ptoW: 20, pckW: 10, poffW: 7, psbW: 5 }));
    const qhKwh = 10 * 2066;
    const qheKwh = qhKwh / 3 + (179 * 20 + 179 * 10) / 1000;
    expect(r.scop).toBeCloseTo(qhKwh / qheKwh, 12);
    // EN 14825 heating-only set: + 3851 h x 10 W crankcase, 3672 h x 7 W off, 0 h standby.
    const h = computeScop(constantUnit(3, { ptoW: 20, pckW: 10, poffW: 7, psbW: 5 }), {
      hours: EN14825_CLIMATES.average.heatingOnlyHours,
    });
    expect(h.scop).toBeCloseTo(qhKwh / (qhKwh / 3 + (179 * 20 + 3851 * 10 + 3672 * 7) / 1000), 12);
  });
  it('degradation when cycling: bin +12 C with Pdh 4 kW, load 10 x 4/26 kW, Cdh 0.9, COPd 4', () => {
    const unit = { ...constantUnit(4), cdh: 0.9, points: [-10, -7, 2, 7, 12].map((t) => P(t, 4, 4)) };
    const bin = computeScop(unit).bins.find((b) => b.tjC === 12)!;
    const cr = (10_000 * (4 / 26)) / 4000; // 0.384615...
    expect(bin.capacityRatio).toBeCloseTo(cr, 12);
    // COPbin = COPd x CR / (Cdh x CR + 1 - Cdh) = 4 x 0.384615 / (0.346154 + 0.1) = 3.44828
    expect(bin.copBin).toBeCloseTo((4 * cr) / (0.9 * cr + 0.1), 12);
    expect(bin.copBin).toBeCloseTo(3.44828, 5);
  });
  it('TOL above the design temperature: bins -10..-8 C all by backup at COP 1', () => {
    const unit = { ...constantUnit(3), tolC: -7, tbivC: -7, points: [-7, 2, 7, 12].map((t) => P(t, 20, 3)) };
    const r = computeScop(unit);
    // SCOPon = sum hj pl / (sum_{Tj >= -7} hj pl / 3 + sum_{Tj < -7} hj pl)
    expect(r.scopOn).toBeCloseTo(sumHPl / ((sumHPl - sumHPlBelowMinus7) / 3 + sumHPlBelowMinus7), 10);
    // SCOPnet leaves the backup out: the heat pump alone runs at COP 3.
    expect(r.scopNet).toBeCloseTo(3, 12);
    expect(r.bins.filter((b) => b.heatPumpW === 0).map((b) => b.tjC)).toEqual([-10, -9, -8]);
  });
  it('Tbiv between declared points: backup below Tbiv from interpolated capacity, none above', () => {
    const load = (tj: number) => (10_000 * (16 - tj)) / 26;
    const unit: ScopUnit = {
      pratedW: 10_000,
      tolC: -7,
      tbivC: -3,
      points: [P(-7, 7, 2.5), { tjC: -3, pdhW: load(-3), copd: 3 }, P(2, 8, 3.5), P(7, 8, 4), P(12, 8, 4.5)],
    };
    const r = computeScop(unit);
    const at = (tj: number) => r.bins.find((b) => b.tjC === tj)!;
    // -5 C: halfway between -7 (7000 W, COP 2.5) and -3 (load(-3) W, COP 3).
    const pdh = (7000 + load(-3)) / 2;
    expect(at(-5).pdhW).toBeCloseTo(pdh, 9);
    expect(at(-5).backupW).toBeCloseTo(load(-5) - pdh, 9);
    expect(at(-5).copBin).toBeCloseTo(2.75, 12);
    expect(at(-5).electricW).toBeCloseTo(pdh / 2.75 + load(-5) - pdh, 9);
    // -1 C: above Tbiv, 0.4 of the way from -3 to 2; the unit cycles (CR < 1) with the default Cdh 0.9.
    const pdh1 = load(-3) + 0.4 * (8000 - load(-3));
    const cr = load(-1) / pdh1;
    expect(at(-1).backupW).toBe(0);
    expect(at(-1).copBin).toBeCloseTo((3.2 * cr) / (0.9 * cr + 0.1), 12);
    // +13..+15 C: linear extrapolation from the +7 and +12 points (COP +0.1 per K), flagged.
    expect(at(15).copd).toBeCloseTo(4.8, 12);
    expect(at(15).extrapolated).toBe(true);
  });
});

describe('seasonalEfficiencyPct (Regulation (EU) 813/2013)', () => {
  it('eta_s = SCOP / 2.5 x 100 - 3 for air, - 8 with the ground-water pump correction', () => {
    expect(seasonalEfficiencyPct(4.75)).toBeCloseTo(187, 10); // Keymark: Acond Aconomis N, eta 187 %
    expect(seasonalEfficiencyPct(5, 'brine')).toBeCloseTo(192, 10);
  });
});

describe('computeScop: bad declarations are refused, never extrapolated silently', () => {
  it('TOL above Tbiv', () => {
    expect(() => computeScop({ ...constantUnit(3), tolC: -4 })).toThrow(/TOL -4 C is above Tbiv/);
  });
  it('no point at TOL, or at Tbiv', () => {
    expect(() => computeScop({ ...constantUnit(3), tolC: -15 })).toThrow(/condition E/);
    expect(() => computeScop({ ...constantUnit(3), tbivC: -5 })).toThrow(/condition F/);
  });
  it('points ending below condition D (+12 C): bins above are out of range', () => {
    const unit = { ...constantUnit(3), points: [-10, -7, 2, 7].map((t) => P(t, 20, 3)) };
    expect(() => computeScop(unit)).toThrow(OutOfRangeError);
    const single = { ...constantUnit(3), tolC: -7, tbivC: -7, points: [P(-7, 20, 3)] };
    expect(() => computeScop(single)).toThrow(/bin -6 C is above the highest declared point -7 C/);
  });
  it('two different points at the same temperature; Cdh outside 0..1; capacity not positive', () => {
    expect(() =>
      computeScop({ ...constantUnit(3), points: [...constantUnit(3).points, P(2, 9, 3)] }),
    ).toThrow(/two declared points at 2 C/);
    expect(() => computeScop(constantUnit(3, { cdh: 1.2 }))).toThrow(InputError);
    expect(() => computeScop({ ...constantUnit(3), points: [P(-10, 0, 3), P(12, 1, 3)] })).toThrow(
      /points\[0\]\.pdh/,
    );
  });
});

describe('points declared twice at one Tj (Keymark lists Tbiv and TOL beside A..D)', () => {
  it('decimalStep and declarationStep: one unit of the last decimal written, finest in the declaration', () => {
    expect(decimalStep(4.64)).toBeCloseTo(0.01, 15);
    expect(decimalStep(3.3)).toBeCloseTo(0.1, 15);
    expect(decimalStep(12)).toBe(1);
    expect(decimalStep(1e-7)).toBeCloseTo(1e-7, 20);
    // "3.2" beside "3.22": the declaration writes COPs to 2 decimals, so 3.2 is 3.20.
    expect(declarationStep([3.2, 3.22, 4.64])).toBeCloseTo(0.01, 15);
    expect(declarationStep([3.2, 3.3])).toBeCloseTo(0.1, 15);
  });
  it('agreeWithinRounding: |a - b| <= (stepA + stepB) / 2', () => {
    expect(agreeWithinRounding(3.31, 3.3, 0.01, 0.01)).toBe(true); // 0.01 apart, binary 0.0100..02
    expect(agreeWithinRounding(3.32, 3.3, 0.01, 0.01)).toBe(false);
    expect(agreeWithinRounding(3.35, 3.3, 0.01, 0.1)).toBe(true); // 0.05 <= 0.055
    expect(agreeWithinRounding(3.36, 3.3, 0.01, 0.1)).toBe(false);
    expect(agreeWithinRounding(10_300, 10_200, 100, 100)).toBe(true); // 0.1 kW at 0.1 kW
  });
  it('COPs 0.01 apart merge: the first listed is kept, SCOP as with one point; an info check says so', () => {
    const base = constantUnit(3);
    const r = computeScop({ ...base, points: [...base.points, P(2, 20, 3.01)] });
    expect(r.scop).toBeCloseTo(3, 12); // COP 3 kept at 2 C: the constant-COP hand result
    expect(r.bins.find((b) => b.tjC === 2)!.copd).toBe(3);
    expect(r.checks.map((c) => [c.code, c.severity])).toEqual([['duplicate-point-merged', 'info']]);
    expect(r.checks[0]!.message).toMatch(/kept points\[2\].*COP 3;.*points\[5\].*COP 3\.01/);
  });
  it('the declared Cdh is kept when only one of the two declares it', () => {
    const base = constantUnit(3);
    const withCdh = { ...P(2, 20, 3), cdh: 0.95 };
    const r = computeScop({ ...base, points: [...base.points, withCdh] });
    expect(r.bins.find((b) => b.tjC === 2)!.cdh).toBe(0.95);
  });
  it('warmer climate: B, Tbiv and TOL all at +2 C (B with Cdh 0.95, TOL COP 0.01 off) count as one point', () => {
    const points = [P(2, 20, 3, 0.95), P(7, 20, 3), P(12, 20, 3), P(2, 20, 3), P(2, 20, 3.01)];
    const r = computeScop({ ...constantUnit(3), tbivC: 2, tolC: 2, points }, { climate: 'warmer' });
    // At +2 C (= Tdesignh of the warmer climate) the load is Prated, 10 kW of 20 kW declared: CR 0.5, and
    // with the kept Cdh 0.95, COPbin = 3 x 0.5 / (0.95 x 0.5 + 0.05) = 2.857.
    const bin = r.bins.find((b) => b.tjC === 2)!;
    expect(bin.cdh).toBe(0.95);
    expect(bin.copBin).toBeCloseTo((3 * 0.5) / (0.95 * 0.5 + 0.05), 12);
    expect(r.checks.filter((c) => c.code === 'duplicate-point-merged')).toHaveLength(2);
  });
  it('real conflicts are refused naming both points: COP 0.02 apart, capacity 0.2 kW apart at 0.1 kW', () => {
    const base = constantUnit(3);
    expect(() => computeScop({ ...base, points: [...base.points, P(2, 20, 3.02)] })).toThrow(
      /two declared points at 2 C disagree beyond their rounding: points\[2\] \(2 C: 20 kW, COP 3\) and points\[5\] \(2 C: 20 kW, COP 3\.02\)/,
    );
    const coarse = (p: DeclaredPoint) => ({ ...p, pdhStepW: 100, copdStep: 0.01 });
    const points = base.points.map(coarse);
    expect(computeScop({ ...base, points: [...points, coarse(P(2, 20.1, 3))] }).scop).toBeCloseTo(3, 12);
    expect(() => computeScop({ ...base, points: [...points, coarse(P(2, 20.2, 3))] })).toThrow(
      /points\[2\].*and points\[5\]/,
    );
    const cdhConflict = [
      ...base.points.slice(0, 2),
      { ...P(2, 20, 3), cdh: 0.9 },
      ...base.points.slice(2),
      { ...P(2, 20, 3), cdh: 0.99 },
    ];
    const outlets = [...base.points, { ...P(2, 20, 3), outletC: 35 }].map((p, i) =>
      i === 2 ? { ...p, outletC: 30 } : p,
    );
    expect(() => computeScop({ ...base, points: outlets })).toThrow(/outlet 30 C\) and .*outlet 35 C\)/);
    expect(() => computeScop({ ...base, points: cdhConflict })).toThrow(/Cdh 0\.9\) and .*Cdh 0\.99\)/);
  });
});

describe('computeScop: plausibility gates (errors, never a clean figure)', () => {
  it('a declared COP above the Carnot limit of its Tj and outlet is an error; ok false', () => {
    const base = constantUnit(3);
    // COP 50 at 2 C; no outlet declared: 24 C assumed, limit (24 + 273.15) / (24 - 2) = 13.507.
    const points = base.points.map((p) => (p.tjC === 2 ? { ...p, copd: 50 } : p));
    const r = computeScop({ ...base, points });
    const errors = r.checks.filter((c) => c.severity === 'error');
    expect(errors.map((c) => c.code)).toEqual(['cop-above-carnot']);
    expect(errors[0]!.message).toMatch(/points\[2\] \(Tj 2 C\): COP 50\.00 exceeds the Carnot limit 13\.51/);
    expect(errors[0]!.message).toMatch(/outlet 24 C assumed/);
    expect(isOk(r.checks)).toBe(false);
    // Outlet 35 C declared: limit 308.15 / 33 = 9.338; COP 9.4 is above it, 9.3 is not (a warning: > 60 %).
    const at = (copd: number) =>
      computeScop({
        ...base,
        points: base.points.map((p) => (p.tjC === 2 ? { ...p, copd, outletC: 35 } : p)),
      });
    expect(at(9.4).checks.map((c) => c.code)).toContain('cop-above-carnot');
    expect(at(9.3).checks.map((c) => [c.code, c.severity])).toEqual([['cop-near-carnot', 'warning']]);
  });
  it('brine units are judged from the 0 C test inlet, not from Tj', () => {
    // Brine at Tj -10 C, outlet 24 C: limit 297.15 / 24 = 12.38 (from Tj it would be 297.15 / 34 = 8.74).
    const brine = constantUnit(10, { source: 'brine' });
    expect(computeScop(brine).checks.filter((c) => c.severity === 'error')).toEqual([]);
    expect(computeScop(constantUnit(10)).checks.map((c) => c.code)).toContain('cop-above-carnot');
  });
  it("eta_s below 0 and an off-mode power above the unit's electric input are errors", () => {
    // Heating-only hours, POFF 100 kW over 3672 h: QHE = 20,660 / 3 + 367,200 kWh; SCOP = 20,660 / QHE.
    const hours = EN14825_CLIMATES.average.heatingOnlyHours;
    const r = computeScop(constantUnit(3, { poffW: 100_000 }), { hours });
    const scop = 20_660 / (20_660 / 3 + 367_200);
    expect(r.scop).toBeCloseTo(scop, 10);
    expect(r.etaSPct).toBeCloseTo((100 * scop) / 2.5 - 3, 8); // -0.79 %
    expect(r.checks.map((c) => c.code).sort()).toEqual(['eta-s-negative', 'off-mode-power-above-input']);
    // Largest input Pdh / COPd = 20 kW / 3 = 6,667 W: PTO 7,000 W is above it, 6,000 W is not.
    expect(computeScop(constantUnit(3, { ptoW: 7000 })).checks.map((c) => c.code)).toEqual([
      'off-mode-power-above-input',
    ]);
    expect(computeScop(constantUnit(3, { ptoW: 6000 })).checks).toEqual([]);
  });
  it('bounds: SCOP between QH / (QH / lowest bin COP + off-mode) and the highest COPd', () => {
    // TOL -7 C: bins -10..-8 by backup (COP 1); elsewhere COP 3. PTO 20 W over 179 h.
    const unit = {
      ...constantUnit(3, { ptoW: 20 }),
      tolC: -7,
      tbivC: -7,
      points: [-7, 2, 7, 12].map((t) => P(t, 20, 3)),
    };
    const r = computeScop(unit);
    const qhKwh = 10 * 2066;
    expect(r.bounds.lowCop).toBe(1);
    expect(r.bounds.highCop).toBeCloseTo(3, 12);
    expect(r.bounds.lowScop).toBeCloseTo(qhKwh / (qhKwh / 1 + (179 * 20) / 1000), 10);
    expect(r.bounds.highScop).toBeCloseTo(3, 12);
    expect(r.scop).toBeGreaterThan(r.bounds.lowScop);
    expect(r.scop).toBeLessThan(r.bounds.highScop);
    expect(isOk(r.checks)).toBe(true);
  });
});
