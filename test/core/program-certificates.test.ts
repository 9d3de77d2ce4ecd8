import { describe, expect, it } from 'vitest';
import { estimateCertificates, InputError, programCertificates } from '../../src/core/index.ts';
import { loadProgram } from '../../src/ingest/programs.ts';

// Constants written out (not imported), so the tests check the code's constants too.
const J_PER_BTU = 1055.05585262; // BTU(IT), ISO 31-4 / NIST SP 811
const J_PER_KWH = 3.6e6;
const J_PER_DTH = 1e6 * J_PER_BTU; // 1 dekatherm = 1,000,000 BTU
const kwh = (x: number) => x * J_PER_KWH;

describe('certificates from estimate totals under a program', () => {
  it('M-RETS counts gross heat in dekatherms, says what it assumed, carries the remainder', () => {
    // The M-RETS thermal Operating Procedures (effective 2020-01-01) recognise air-source thermal heat pumps and
    // count thermal energy generated for non-electric use (heating); netting of electricity is not stated.
    // heat 20,000 kWh = 72,000,000,000 J / 1,055,055,852.62 J/Dth = 68.2428 Dth -> 68 certificates;
    // remainder 72,000,000,000 - 68 x 1,055,055,852.62 = 256,202,021.8 J (0.2428 Dth). Electricity (6,000 kWh) is not subtracted: netting unknown -> gross.
    const r = estimateCertificates(
      loadProgram('m-rets-thermal'),
      { heatJ: kwh(20000), elecJ: kwh(6000) },
      { type: 'air-to-water' },
    );
    expect(r.energyJ).toBe(kwh(20000));
    expect(r.certificates).toBe(68);
    expect(r.unit).toBe('Dth');
    expect(r.remainderJ).toBeCloseTo(256_202_021.8, 0);
    expect(r.remainderJ).toBeCloseTo(kwh(20000) - 68 * J_PER_DTH, 0);
    expect(r.creditedCertificates).toBeCloseTo(68.2428, 4);
    expect(r.multiplier).toBe(1); // multipliers not applicable
    expect(r.eligible).toBe(true); // air-to-water is an air-source heat pump
    expect(r.checks.map((c) => c.code)).toEqual(['cooling-not-estimated', 'netting-unknown']);
  });

  it('Massachusetts air source counts heat - electricity, times the size-class multiplier, in MWh', () => {
    // 10 kW = 34,121 BTU/h: small class (<= 134,000 BTU/h), multipliers 2 or 3: the user must choose.
    const ma = loadProgram('ma-aps-air-source');
    const totals = { heatJ: kwh(20500), elecJ: kwh(6000) };
    expect(() => estimateCertificates(ma, totals, { type: 'air-to-air', capacityW: 10000 })).toThrow(
      InputError,
    );
    // net 20,500 - 6,000 = 14,500 kWh = 14.5 MWh (exact 3.6 GJ; the program states no BTU/MWh) x 3 = 43.5 -> 43;
    // remainder 43.5 - 43 = 0.5 credited MWh = 0.5 / 3 MWh of energy = 166.67 kWh.
    const r = estimateCertificates(ma, totals, { type: 'air-to-air', capacityW: 10000, multiplier: 3 });
    expect(r.sizeClass).toBe('small');
    expect(r.energyJ).toBe(kwh(14500));
    expect(r.certificates).toBe(43);
    expect(r.remainderJ / J_PER_KWH).toBeCloseTo(500 / 3, 6);
    expect(r.checks).toEqual([]);
    // 200,000 BTU/h = 58.61 kW: intermediate class, one multiplier (3), no choice needed.
    const big = estimateCertificates(ma, totals, { type: 'air-to-water', capacityW: 200000 * 0.29307107 });
    expect(big).toMatchObject({ sizeClass: 'intermediate', multiplier: 3, certificates: 43 });
  });

  it('a system type the program does not list earns 0 certificates, with an error check', () => {
    const r = programCertificates(loadProgram('md-geothermal'), kwh(50000), { type: 'air-to-water' });
    expect(r).toMatchObject({ eligible: false, certificates: 0, creditedCertificates: 0, remainderJ: 0 });
    expect(r.checks.map((c) => [c.code, c.severity])).toContainEqual(['not-eligible', 'error']);
    // The same energy from a ground-source system: 50 MWh exact = 50 x 3,412,141.63 BTU / 3,412,000 BTU per
    // Maryland MWh = 50.0021 -> 50 certificates.
    const gs = programCertificates(loadProgram('md-geothermal'), kwh(50000), { type: 'ground-source' });
    expect(gs.eligible).toBe(true);
    expect(gs.certificates).toBe(50);
    expect(gs.creditedCertificates).toBeCloseTo((50 * 3.6e9) / J_PER_BTU / 3_412_000, 9);
  });

  it('air-to-water counts as air source (Massachusetts) and as air-to-water (proposed TREC); no multiplier asked of an ineligible system', () => {
    const e = (id: string) =>
      programCertificates(loadProgram(id), kwh(1000), { type: 'air-to-water', multiplier: 1 });
    expect(e('ma-aps-air-source').eligible).toBe(true);
    expect(e('proposed-air-to-water-trec').eligible).toBe(true);
    expect(
      programCertificates(loadProgram('ma-aps-ground-source'), kwh(1000), { type: 'air-to-air' }).eligible,
    ).toBe(false);
  });
});
