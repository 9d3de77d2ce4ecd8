import { expect } from 'vitest';
import { contractSuite } from './harness.ts';

const J_PER_BTU = 1055.05585262; // NIST SP 811, exact
const J_PER_MWH = 3.6e9;

contractSuite({
  useCase: 'calc',
  command: ['calc'],
  cases: [
    {
      // Emergent Energy Solutions, "How Is Thermal Energy Measured for GREC Purposes?", 2022: 4 tons, COP 3.5:
      // 48,000 BTU/h x 8,760 h x 3.5 = 1,471,680,000 BTU / 3,412,000 = 431.32 MWh, "431 GRECs".
      name: 'the published GREC worked example: 431.32 MWh, 431 certificates, above the physics cap',
      input: { method: 'grec-formula', tons: 4, cop: 3.5 },
      expect: (j) => {
        expect(j.btu).toBeCloseTo(1_471_680_000, 3);
        expect(j.mwh).toBeCloseTo(1_471_680_000 / 3_412_000, 9);
        expect(j.certificates).toBe(431);
        // cap: 48,000 BTU/h x 8,760 h x 1055.05585262 J/BTU / 3.6e9 J/MWh = 123.2305 MWh
        expect(j.capacity_cap_mwh).toBeCloseTo((48_000 * 8760 * J_PER_BTU) / J_PER_MWH, 9);
        expect(j.checks.find((c: { code: string }) => c.code === 'exceeds-capacity')?.severity).toBe('error');
        expect(j.ok).toBe(false);
      },
    },
    {
      name: 'under Maryland (which lists the formula) the cap is a warning beside the credited figure',
      input: { program: 'md-geothermal', tons: 4, cop: 3.5 },
      expect: (j) => {
        expect(j.method).toBe('grec-formula'); // the program's only computable method
        expect(j.certificates).toBe(431);
        expect(j.checks.find((c: { code: string }) => c.code === 'exceeds-capacity')?.severity).toBe(
          'warning',
        );
        expect(j.ok).toBe(true);
      },
    },
    {
      // 10 kW x 1,000 h x 1 x (1 - 1/3) = 6,666.7 kWh = 6.667 MWh renewable
      name: 'runtime-renewable from kW: 10 kW x 1,000 h x (1 - 1/3) = 6.667 MWh',
      input: { method: 'runtime-renewable', capacityKw: 10, cop: 3, runtimeH: 1000 },
      expect: (j) => {
        expect(j.mwh).toBeCloseTo((10_000 * 1000 * (2 / 3) * 3600) / J_PER_MWH, 9);
        expect(j.certificates).toBe(6);
        expect(j.ok).toBe(true);
      },
    },
    {
      // 36,000 BTU/h x 1,500 h x (1 - 1/3) x 1055.05585262 / 3.6e9 = 10.551 MWh; x 3 = 31.65 -> 31 AECs
      name: 'Massachusetts air source: 36,000 BTU/h x 1,500 EFLH x (1 - 1/3) x 3 = 31 AECs',
      input: {
        program: 'ma-aps-air-source',
        method: 'full-load-hours',
        capacityBtuh: 36000,
        cop: 3,
        fullLoadHours: 1500,
        multiplier: 3,
      },
      expect: (j) => {
        expect(j.credited_mwh).toBeCloseTo((3 * 36_000 * 1500 * (2 / 3) * J_PER_BTU) / J_PER_MWH, 9);
        expect(j.certificates).toBe(31);
      },
    },
  ],
  errors: [
    {
      name: 'a capacity given twice',
      input: { method: 'grec-formula', tons: 4, capacityKw: 5, cop: 3 },
      path: ['tons'],
      detail: /give the rated capacity once/,
    },
    {
      name: 'a sink not warmer than the source',
      input: { method: 'grec-formula', tons: 4, cop: 3.5, sourceC: 40, sinkC: 35 },
      path: ['sinkC'],
      detail: /sink 35 degC must be above source 40 degC/,
    },
    {
      name: 'the annual GREC formula over 100 hours',
      input: { method: 'grec-formula', tons: 4, cop: 3, hours: 100 },
      path: ['hours'],
      detail: /annual/,
    },
    {
      name: 'no method where the program lists none to compute',
      input: { program: 'nh-class-i-thermal', tons: 4, cop: 3 },
      path: ['method'],
      detail: /required/,
    },
  ],
});
