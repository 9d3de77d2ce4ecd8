import { describe, expect, it } from 'vitest';
import {
  coverageVerdict,
  InputError,
  isOk,
  issueWhole,
  meteredGeneration,
  monitorRequirement,
  prescriptiveGeneration,
  type MeteredSums,
  type Program,
} from '../../../src/core/index.ts';
import { loadProgram } from '../../../src/ingest/programs.ts';

const J_PER_BTU = 1055.05585262; // NIST SP 811
const codes = (checks: { code: string }[]): string[] => checks.map((c) => c.code);

const sums = (over: Partial<MeteredSums> = {}): MeteredSums => ({
  hours: 744,
  heatWh: 5_000_000,
  coolWh: 1_000_000,
  elecWh: 1_500_000,
  uncertaintyWh: 120_000,
  coverageS: 744 * 3600,
  heldHeatWh: 0,
  heldCoolWh: 0,
  errorHours: 0,
  excludedWh: 0,
  ...over,
});

describe('meteredGeneration: what the program counts', () => {
  it('Massachusetts (heating only, net of electricity): 5,000,000 - 1,500,000 = 3,500,000 Wh; cooling not counted', () => {
    const r = meteredGeneration({
      program: loadProgram('ma-aps-air-source'),
      sums: sums(),
      conservative: false,
    });
    expect(r).toMatchObject({ energyWh: 3_500_000, heatWh: 5_000_000, coolWh: 0, elecWh: 1_500_000 });
    expect(codes(r.checks)).toEqual(
      expect.arrayContaining(['cooling-not-counted', 'netting-includes-cooling']),
    );
    expect(isOk(r.checks)).toBe(true);
  });
  it('Massachusetts with heat but no electricity measured: an error, never gross heat under a net rule', () => {
    const ma = loadProgram('ma-aps-air-source');
    const r = meteredGeneration({ program: ma, sums: sums({ elecWh: 0 }), conservative: false });
    const missing = r.checks.find((c) => c.code === 'electricity-not-measured');
    expect(missing?.severity).toBe('error');
    expect(missing?.message).toMatch(/net of the heat pump's electricity.*5,000,000 Wh of heat/);
    expect(isOk(r.checks)).toBe(false);
    // A month with no heat either is simply nothing to count (no error).
    const idle = meteredGeneration({
      program: ma,
      sums: sums({ heatWh: 0, coolWh: 0, elecWh: 0 }),
      conservative: false,
    });
    expect(codes(idle.checks)).not.toContain('electricity-not-measured');
    expect(idle.energyWh).toBe(0);
  });
  it('New Hampshire (cooling and netting unknown): gross heat 5,000,000 Wh; cooling not counted, with warnings', () => {
    const r = meteredGeneration({
      program: loadProgram('nh-class-i-thermal'),
      sums: sums(),
      conservative: false,
    });
    expect(r).toMatchObject({ energyWh: 5_000_000, coolWh: 0, elecWh: 0 });
    const cooling = r.checks.find((c) => c.code === 'cooling-count-unknown');
    expect(cooling).toMatchObject({ severity: 'warning' });
    expect(cooling?.message).toMatch(/nh-class-i-thermal.*1,000,000 Wh of cooling not counted/);
    expect(r.checks.find((c) => c.code === 'netting-unknown')?.severity).toBe('warning');
  });
  it('the proposed air-to-water program (cooling counted, netting unknown): 5,000,000 + 1,000,000 = 6,000,000 Wh', () => {
    const r = meteredGeneration({
      program: loadProgram('proposed-air-to-water-trec'),
      sums: sums(),
      conservative: false,
    });
    expect(r).toMatchObject({ energyWh: 6_000_000, heatWh: 5_000_000, coolWh: 1_000_000, elecWh: 0 });
  });
  it('a program that does not count heating counts none of it', () => {
    const ma = loadProgram('ma-aps-air-source');
    const noHeat: Program = {
      ...ma,
      energyCounted: {
        ...ma.energyCounted,
        heating: { value: false, status: 'verified', sources: ['mass-ashp'] },
      },
    };
    const r = meteredGeneration({ program: noHeat, sums: sums({ elecWh: 0 }), conservative: false });
    expect(r.energyWh).toBe(0);
    expect(codes(r.checks)).toContain('heating-not-counted');
  });
  it('conservative issuance deducts the EN 1434 uncertainty: 3,500,000 - 120,000 = 3,380,000 Wh, floored at 0', () => {
    const ma = loadProgram('ma-aps-air-source');
    const r = meteredGeneration({ program: ma, sums: sums(), conservative: true });
    expect(r).toMatchObject({ energyWh: 3_380_000, deductedUncertaintyWh: 120_000 });
    expect(codes(r.checks)).toContain('conservative-deduction');
    // 200,000 - 150,000 = 50,000 Wh counted; uncertainty 80,000 deducts only 50,000
    const small = meteredGeneration({
      program: ma,
      sums: sums({ heatWh: 200_000, elecWh: 150_000, uncertaintyWh: 80_000 }),
      conservative: true,
    });
    expect(small).toMatchObject({ energyWh: 0, deductedUncertaintyWh: 50_000 });
  });
  it('electricity above the heat counts 0, not a negative figure', () => {
    const r = meteredGeneration({
      program: loadProgram('ma-aps-air-source'),
      sums: sums({ heatWh: 100_000, elecWh: 300_000 }),
      conservative: false,
    });
    expect(r.energyWh).toBe(0);
    expect(codes(r.checks)).toContain('net-below-zero');
  });
  it('names the heat held under error checks, which is never counted', () => {
    const r = meteredGeneration({
      program: loadProgram('nh-class-i-thermal'),
      sums: sums({ heldHeatWh: 42_000, heldCoolWh: 0, errorHours: 3 }),
      conservative: false,
    });
    expect(r.energyWh).toBe(5_000_000);
    const held = r.checks.find((c) => c.code === 'held-energy');
    expect(held).toMatchObject({ severity: 'warning' });
    expect(held?.message).toMatch(/42,000 Wh of heat .* in 3 hours/);
  });
  it('refuses a negative or non-finite sum, naming it', () => {
    expect(() =>
      meteredGeneration({
        program: loadProgram('nh-class-i-thermal'),
        sums: sums({ heatWh: -1 }),
        conservative: false,
      }),
    ).toThrow(InputError);
  });
});

describe('coverageVerdict: 90 % of the hours unless the program states a threshold', () => {
  const md = loadProgram('md-geothermal');
  const quarterH = 2208; // 92 days x 24 h (July to September)
  it('0.89 of 2,208 h is held with its reason; 0.90 is issued', () => {
    const held = coverageVerdict({ program: md, coverageS: 0.89 * quarterH * 3600, enrolledHours: quarterH });
    expect(held).toMatchObject({ ok: false, threshold: 0.9, thresholdSource: 'default' });
    expect(held.fraction).toBeCloseTo(0.89, 12);
    expect(held.reason).toBe(
      'data coverage 89 % of 2,208 h is below the 90 % TREC default (program md-geothermal states none)',
    );
    // 0.9 x 2,208 x 3,600 = 7,153,920 s
    const ok = coverageVerdict({ program: md, coverageS: 7_153_920, enrolledHours: quarterH });
    expect(ok).toMatchObject({ ok: true, reason: null });
  });
  it('one second short is held, and its percentage is not rounded up to the threshold', () => {
    const v = coverageVerdict({ program: md, coverageS: 7_153_919, enrolledHours: quarterH });
    expect(v.ok).toBe(false);
    expect(v.reason).toMatch(/^data coverage 89\.9 % of 2,208 h/);
  });
  it("a program's own threshold wins", () => {
    const strict: Program = {
      ...md,
      dataCoverage: { value: 0.95, status: 'assumption', sources: [], note: 'test' },
    };
    const v = coverageVerdict({
      program: strict,
      coverageS: 0.94 * quarterH * 3600,
      enrolledHours: quarterH,
    });
    expect(v).toMatchObject({ ok: false, threshold: 0.95, thresholdSource: 'program' });
    expect(v.reason).toMatch(/below the 95 % program md-geothermal requires/);
  });
  it('refuses a period with no enrolled hours', () => {
    expect(() => coverageVerdict({ program: md, coverageS: 0, enrolledHours: 0 })).toThrow(InputError);
  });
});

describe('monitorRequirement', () => {
  it('New Hampshire requires an independent monitor (Puc 2505.10); M-RETS does not; unknown warns', () => {
    expect(monitorRequirement(loadProgram('nh-class-i-thermal'))).toEqual({ required: true, checks: [] });
    expect(monitorRequirement(loadProgram('m-rets-thermal'))).toEqual({ required: false, checks: [] });
    const md = monitorRequirement(loadProgram('md-geothermal'));
    expect(md.required).toBe(false);
    expect(md.checks).toMatchObject([{ code: 'monitor-requirement-unknown', severity: 'warning' }]);
  });
});

describe('prescriptiveGeneration', () => {
  const md = loadProgram('md-geothermal');
  const tons4W = (4 * 12_000 * J_PER_BTU) / 3600; // 4 tons = 48,000 BTU/h = 14,067.41 W
  it('GREC formula, 4 tons COP 3.5, a 92-day quarter: the annual figure x 2,208 / 8,760', () => {
    const r = prescriptiveGeneration({
      program: md,
      method: 'grec-formula',
      capacityW: tons4W,
      cop: 3.5,
      periodH: 2208,
      capAtPhysical: false,
    });
    // Annual (Emergent Energy Solutions, 2022): 4 x 12,000 x 8,760 x 3.5 = 1,471,680,000 BTU = 431.32 MWh at
    // 3,412,000 BTU/MWh. x 2,208 / 8,760 = 370,944,000 BTU = 108.72 MWh.
    const quarterBtu = (1_471_680_000 * 2208) / 8760;
    expect(quarterBtu).toBe(370_944_000);
    expect(r.energyWh).toBe(Math.round((quarterBtu * J_PER_BTU) / 3600)); // 108,712,... Wh
    expect(r.result.mwh).toBeCloseTo(431.32, 2);
    expect(r.capped).toBe(false);
    // The period's physics cap: 48,000 BTU/h x 2,208 h = 105,984,000 BTU.
    expect(r.capWh).toBeCloseTo((105_984_000 * J_PER_BTU) / 3600, 3);
    // Maryland lists the formula, so exceeding the cap is its certificate basis (warning), not an error.
    expect(r.checks.find((c) => c.code === 'exceeds-capacity')?.severity).toBe('warning');
    expect(r.checks.find((c) => c.code === 'prorated-by-hours')?.severity).toBe('info');
    expect(isOk(r.checks)).toBe(true);
    // 370,944,000 / 3,412,000 = 108.717 MWh: 108 certificates, 0.717 MWh carried.
    const cert = issueWhole({
      program: md,
      energyWh: r.energyWh,
      adjustmentWh: 0,
      remainderInWh: 0,
      multiplier: 1,
    });
    expect(cert.certificates).toBe(108);
    expect(cert.remainderOutWh / ((3_412_000 * J_PER_BTU) / 3600)).toBeCloseTo(
      370_944_000 / 3_412_000 - 108,
      5,
    );
  });
  it('capped at the physical maximum when the enrolment asks: rated capacity x 2,208 h', () => {
    const r = prescriptiveGeneration({
      program: md,
      method: 'grec-formula',
      capacityW: tons4W,
      cop: 3.5,
      periodH: 2208,
      capAtPhysical: true,
    });
    expect(r.capped).toBe(true);
    expect(r.energyWh).toBe(Math.floor((105_984_000 * J_PER_BTU) / 3600)); // 31,060,844 Wh = 105,984,000 BTU
    expect(codes(r.checks)).toContain('capped-at-physical');
  });
  it('under a program that does not list the formula the excess is an error (held); capping lifts it', () => {
    const nh = loadProgram('nh-class-i-thermal');
    const r = prescriptiveGeneration({
      program: nh,
      method: 'grec-formula',
      capacityW: tons4W,
      cop: 3.5,
      periodH: 2208,
      capAtPhysical: false,
    });
    expect(r.checks.find((c) => c.code === 'exceeds-capacity')?.severity).toBe('error');
    expect(isOk(r.checks)).toBe(false);
    const capped = prescriptiveGeneration({
      program: nh,
      method: 'grec-formula',
      capacityW: tons4W,
      cop: 3.5,
      periodH: 2208,
      capAtPhysical: true,
    });
    expect(capped.checks.find((c) => c.code === 'exceeds-capacity')?.severity).toBe('warning');
    // the audit itself keeps the error
    expect(capped.result.checks.find((c) => c.code === 'exceeds-capacity')?.severity).toBe('error');
  });
  it('runtime-renewable for the period itself: 10 kW x 1,000 h x (1 - 1/4) = 7,500,000 Wh', () => {
    const r = prescriptiveGeneration({
      program: md,
      method: 'runtime-renewable',
      capacityW: 10_000,
      cop: 4,
      periodH: 2208,
      capAtPhysical: true,
      runtimeH: 1000,
    });
    expect(r.energyWh).toBe(7_500_000);
    expect(r.capped).toBe(false);
    // renewable cap: 10 kW x 2,208 h x 0.75 = 16,560,000 Wh
    expect(r.renewableCapWh).toBeCloseTo(16_560_000, 3);
    expect(codes(r.checks)).not.toContain('prorated-by-hours');
  });
});
