import { describe, expect, it } from 'vitest';
import { InputError, issueWhole, type Program } from '../../../src/core/index.ts';
import { loadProgram } from '../../../src/ingest/programs.ts';

// 1 BTU(IT) = 1055.05585262 J (NIST SP 811); 1 Wh = 3,600 J.
const J_PER_BTU = 1055.05585262;
// New Hampshire: 1 MWh = 3,412,000 BTU (RSA 362-F:6 V) = 3,412,000 x 1055.05585262 / 3600 = 999,958.49 Wh.
const NH_MWH_WH = (3_412_000 * J_PER_BTU) / 3600;
// M-RETS thermal: 1 Dth = 1,000,000 BTU = 293,071.07 Wh (293.071 kWh).
const DTH_WH = (1_000_000 * J_PER_BTU) / 3600;

const run = (program: Program, energyWh: number, remainderInWh: number, multiplier = 1, adjustmentWh = 0) =>
  issueWhole({ program, energyWh, adjustmentWh, remainderInWh, multiplier });

describe('issueWhole: whole certificates, the remainder carried per enrolment', () => {
  it('2.4 then 2.7 MWh (exact MWh, Massachusetts has no BTU constant) gives 2 then 3, remainders 0.4 then 0.1 MWh', () => {
    const ma = loadProgram('ma-aps-air-source');
    const a = run(ma, 2_400_000, 0);
    expect(a).toMatchObject({
      certificates: 2,
      remainderOutWh: 400_000,
      unit: 'MWh',
      unitEnergyWh: 1_000_000,
    });
    expect(a.remainderPolicy).toBe('carried-forward');
    // Massachusetts's remainder rule is unknown: carried as TREC's assumption, and said so.
    expect(a.checks.map((c) => c.code)).toContain('remainder-carried-assumed');
    const b = run(ma, 2_700_000, a.remainderOutWh);
    expect(b).toMatchObject({ certificates: 3, remainderOutWh: 100_000 });
  });
  it('the same at 3,412,000 BTU per MWh (New Hampshire), in exact arithmetic', () => {
    const nh = loadProgram('nh-class-i-thermal');
    // 2.4 MWh = 2,399,900.38 Wh, stored as 2,399,900 Wh.
    const e1 = Math.round(2.4 * NH_MWH_WH);
    expect(e1).toBe(2_399_900);
    const a = run(nh, e1, 0);
    expect(a.certificates).toBe(2);
    expect(a.unitEnergyWh).toBeCloseTo(NH_MWH_WH, 6);
    // 2,399,900 - 2 x 999,958.4911 = 399,983.02 -> 399,983 Wh carried (floored to whole Wh).
    expect(a.remainderOutWh).toBe(Math.floor(e1 - 2 * NH_MWH_WH));
    expect(a.remainderOutWh).toBe(399_983);
    const e2 = Math.round(2.7 * NH_MWH_WH); // 2,699,888 Wh
    const b = run(nh, e2, a.remainderOutWh);
    expect(b.certificates).toBe(3);
    // 2,699,888 + 399,983 = 3,099,871; - 3 x 999,958.4911 = 99,995.53 -> 99,995 Wh
    expect(b.remainderOutWh).toBe(99_995);
  });
  it('the same in dekatherms (M-RETS: 1 Dth = 1,000,000 BTU = 293.071 kWh), remainders roll over (verified)', () => {
    const mrets = loadProgram('m-rets-thermal');
    const e1 = Math.round(2.4 * DTH_WH); // 703,370.57 -> 703,371 Wh
    const a = run(mrets, e1, 0);
    expect(a).toMatchObject({ certificates: 2, unit: 'Dth', remainderPolicy: 'carried-forward' });
    expect(a.unitEnergyWh).toBeCloseTo(293_071.07, 2);
    expect(a.remainderOutWh).toBe(Math.floor(e1 - 2 * DTH_WH)); // 117,228 Wh = 0.4 Dth
    expect(a.checks.map((c) => c.code)).not.toContain('remainder-carried-assumed');
    const e2 = Math.round(2.7 * DTH_WH); // 791,292 Wh
    const b = run(mrets, e2, a.remainderOutWh);
    expect(b.certificates).toBe(3);
    // 117,228 + 791,292 = 908,520 Wh; - 3 x 293,071.07 = 29,306.79 -> 29,306 Wh = 0.1 Dth. (Without the first
    // floor it would be 29,307.65: each period carries less than 1 Wh less than exact, never more.)
    expect(b.remainderOutWh).toBe(Math.floor(a.remainderOutWh + e2 - 3 * DTH_WH));
    expect(b.remainderOutWh).toBe(29_306);
    expect(b.remainderOutWh / DTH_WH).toBeCloseTo(0.1, 4);
  });
  it('counts exactly at the boundary: 1 Wh short of 3 certificates is 2', () => {
    const ma = loadProgram('ma-aps-air-source');
    expect(run(ma, 3_000_000, 0)).toMatchObject({ certificates: 3, remainderOutWh: 0 });
    expect(run(ma, 2_999_999, 0)).toMatchObject({ certificates: 2, remainderOutWh: 999_999 });
    const nh = loadProgram('nh-class-i-thermal');
    // 3 x 999,958.4911 = 2,999,875.47 Wh
    expect(run(nh, 2_999_876, 0).certificates).toBe(3);
    expect(run(nh, 2_999_875, 0)).toMatchObject({ certificates: 2, remainderOutWh: 999_958 });
    // 10 x 3,412,000 BTU = 9,999,584.91 Wh: 9,999,585 is 10, 9,999,584 is 9
    expect(run(nh, 9_999_585, 0).certificates).toBe(10);
    expect(run(nh, 9_999_584, 0).certificates).toBe(9);
  });
  it('a multiplier weights certificates, not the energy carried: 1.5 MWh x 3 = 4 AECs, 1/6 MWh left', () => {
    const ma = loadProgram('ma-aps-air-source');
    const a = run(ma, 1_500_000, 0, 3);
    // 4 AECs use 4/3 MWh = 1,333,333.33 Wh; 1,500,000 - 1,333,333.33 = 166,666.67 -> 166,666 Wh
    expect(a).toMatchObject({ certificates: 4, remainderOutWh: 166_666 });
    expect(a.checks.map((c) => c.code)).toContain('multiplier-applied');
    // 166,666 Wh x 3 = 499,998 Wh: no certificate yet, all of it carried again
    expect(run(ma, 0, a.remainderOutWh, 3)).toMatchObject({ certificates: 0, remainderOutWh: 166_666 });
    // A fractional multiplier, exactly: 1,000,000 Wh x 1.5 = 1 certificate; 1,000,000 - 1,000,000 / 1.5 =
    // 333,333.33 -> 333,333 Wh carried; with it, 400,000 Wh more makes 733,333 x 1.5 = 1,099,999.5: 1 more.
    const f = run(ma, 1_000_000, 0, 1.5);
    expect(f).toMatchObject({ certificates: 1, remainderOutWh: 333_333 });
    expect(run(ma, 400_000, f.remainderOutWh, 1.5)).toMatchObject({
      certificates: 1,
      remainderOutWh: 66_666,
    });
  });
  it('counts prior-period adjustments with a note', () => {
    const ma = loadProgram('ma-aps-air-source');
    const a = run(ma, 800_000, 100_000, 1, 150_000);
    expect(a).toMatchObject({ totalWh: 1_050_000, certificates: 1, remainderOutWh: 50_000 });
    expect(a.checks.find((c) => c.code === 'prior-period-adjustment')?.message).toMatch(/150,000 Wh/);
  });
  it('drops the remainder where the program says so, with a note', () => {
    const ma = loadProgram('ma-aps-air-source');
    const dropping: Program = {
      ...ma,
      remainder: { value: 'dropped', status: 'assumption', sources: [], note: 'test' },
    };
    const a = run(dropping, 2_400_000, 0);
    expect(a).toMatchObject({ certificates: 2, remainderOutWh: 0, remainderPolicy: 'dropped' });
    expect(a.checks.find((c) => c.code === 'remainder-dropped')?.message).toMatch(/400,000 Wh/);
  });
  it('refuses energy that is not whole Wh, a negative total and a bad multiplier', () => {
    const ma = loadProgram('ma-aps-air-source');
    expect(() => run(ma, 1.5, 0)).toThrow(InputError);
    expect(() => run(ma, -1, 0)).toThrow(/whole number of Wh of 0 or more/);
    expect(() => run(ma, 100, 0, 1, -200)).toThrow(/below 0/);
    expect(() => run(ma, 100, 0, 0)).toThrow(/multiplier/);
    expect(() => run(ma, 100, -5)).toThrow(InputError);
  });
});
