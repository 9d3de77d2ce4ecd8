import { expect } from 'vitest';
import { contractSuite } from './harness.ts';

// One real air-to-water unit (AixLib map Vitocal251A08, EN 14511 table) and one building: 8 kW heat loss at
// -15 degC; balance point (15.5 degC) and leaving water (35 degC) are the use case's defaults.
const building = { map: 'Vitocal251A08', designLoadKw: 8, designTempC: -15 } as const;
const J_PER_BTU = 1055.05585262; // NIST SP 811, exact
const J_PER_KWH = 3.6e6;

interface Month {
  heat_kwh: number;
  elec_kwh: number;
  unmet_kwh: number;
}

contractSuite({
  useCase: 'estimate',
  command: ['estimate'],
  cases: [
    {
      // SPF = heat / electricity; renewable = heat - electricity; the months add up to the year.
      name: 'Concord, air-to-water: SPF = heat / electricity, renewable = heat - electricity, 12 months adding up',
      input: { site: 'concord', ...building },
      expect: (j) => {
        expect(j).toMatchObject({
          type: 'air-to-water',
          balance_c: 15.5,
          sink_design_c: 35,
          design_temp_c: -15,
        });
        expect(j.spf).toBeCloseTo(j.heat_kwh / j.elec_kwh, 9);
        expect(j.renewable_kwh).toBeCloseTo(j.heat_kwh - j.elec_kwh, 6);
        expect(j.months).toHaveLength(12);
        const sum = (k: keyof Month) => (j.months as Month[]).reduce((s, m) => s + m[k], 0);
        expect(sum('heat_kwh')).toBeCloseTo(j.heat_kwh, 3);
        expect(sum('elec_kwh')).toBeCloseTo(j.elec_kwh, 3);
        // Load the unit cannot meet is unmet, never heat: load = heat + unmet.
        expect(j.load_kwh).toBeCloseTo(j.heat_kwh + j.unmet_kwh, 3);
        expect(j.checks.map((c: { code: string }) => c.code)).toContain('heating-only');
        expect(j.certificates).toBeNull();
      },
    },
    {
      // The TMY3 header of Richmond VA gives the ASHRAE 99.6 % heating dry-bulb: -8.4 degC.
      name: 'the design temperature from the weather file header when not given (Richmond: -8.4 degC)',
      input: { site: 'richmond', map: 'Vitocal251A08', designLoadKw: 8 },
      expect: (j) => expect(j.design_temp_c).toBe(-8.4),
    },
    {
      // heat H kWh x 3,600,000 J/kWh / (1,000,000 BTU x 1,055.05585262 J/BTU) = Dth; floor = certificates.
      name: 'M-RETS: gross heat in dekatherms, whole certificates and the remainder',
      input: { site: 'concord', ...building, program: 'm-rets-thermal' },
      expect: (j) => {
        const dth = (j.heat_kwh * J_PER_KWH) / (1e6 * J_PER_BTU);
        expect(j.certificates).toMatchObject({
          program_id: 'm-rets-thermal',
          certificate_unit: 'Dth',
          multiplier: 1,
          certificates: Math.floor(dth),
        });
        expect(j.certificates.counted_kwh).toBe(j.heat_kwh);
        expect(j.certificates.remainder_kwh).toBeCloseTo(
          ((dth - Math.floor(dth)) * 1e6 * J_PER_BTU) / J_PER_KWH,
          3,
        );
      },
    },
    {
      // net MWh = (heat - elec) / 1000; certificates = floor(net MWh x 3 / 1 MWh)
      name: 'Massachusetts air source: heat - electricity, x multiplier 3, 1 MWh certificates',
      input: { site: 'concord', ...building, program: 'ma-aps-air-source', multiplier: 3 },
      expect: (j) => {
        const net = (j.heat_kwh - j.elec_kwh) / 1000;
        expect(j.certificates.counted_kwh).toBeCloseTo(j.heat_kwh - j.elec_kwh, 6);
        expect(j.certificates.certificates).toBe(Math.floor(net * 3));
      },
    },
    {
      name: 'an air-to-water unit under the ground-source-only Maryland program: 0 certificates, not-eligible',
      input: { site: 'concord', ...building, program: 'md-geothermal' },
      expect: (j) => {
        expect(j.certificates).toMatchObject({ eligible: false, certificates: 0 });
        expect(j.checks.map((c: { code: string }) => c.code)).toContain('not-eligible');
        expect(j.ok).toBe(false);
      },
    },
  ],
  errors: [
    {
      name: 'no weather source',
      input: { map: 'Vitocal251A08', designLoadKw: 8 },
      path: ['site'],
      detail: /exactly one weather source/,
    },
    {
      name: 'two units',
      input: { site: 'boston', map: 'Vitocal251A08', keymark: 'Acond Aconomis N', designLoadKw: 8 },
      path: ['map'],
      detail: /exactly one heat-pump unit/,
    },
    {
      name: 'a capacity for a Keymark unit, which has its declared size',
      input: { site: 'boston', keymark: 'Acond Aconomis N', designLoadKw: 8, capacityKw: 5 },
      path: ['capacityKw'],
      detail: /scales performance maps only/,
    },
    {
      name: 'an air-source Keymark unit as ground-source',
      input: { site: 'richmond', type: 'ground-source', keymark: 'Acond Aconomis N', designLoadKw: 8 },
      path: ['type'],
      detail: /does not fit system type ground-source/,
    },
    {
      name: 'an indoor temperature for a unit that heats water',
      input: { site: 'boston', ...building, indoorC: 21 },
      path: ['indoorC'],
      detail: /only an air-to-air unit heats indoor air/,
    },
    {
      name: 'a balance point below the design temperature',
      input: { site: 'boston', ...building, balanceC: -20 },
      path: ['balanceC'],
      detail: /-20 degC is not above -15 degC/,
    },
    {
      name: 'no design load',
      input: { site: 'boston', map: 'Vitocal251A08', designTempC: -15 },
      path: ['designLoadKw'],
      detail: /required/,
    },
    {
      name: 'a multiplier without a program',
      input: { site: 'boston', ...building, multiplier: 2 },
      path: ['multiplier'],
      detail: /only applies with a program/,
    },
    {
      name: 'a program listing several multipliers for the size class, none chosen',
      input: { site: 'concord', ...building, program: 'ma-aps-air-source' },
      path: ['multiplier'],
      detail: /several multipliers/,
    },
  ],
});
