import { expect } from 'vitest';
import { contractSuite, type ResultJson } from './harness.ts';

// AF = (1 - 1.05^-10) / 0.05 = 7.721735 (5 % a year over the default ten-year incentive period)
const AF = (1 - 1.05 ** -10) / 0.05;
const J_PER_BTU = 1055.05585262; // NIST SP 811, exact

const assumption = (j: ResultJson, name: string) =>
  (j.assumptions as { name: string; value: unknown; source: string }[]).find((a) => a.name === name);

contractSuite({
  useCase: 'evaluate',
  command: ['evaluate'],
  cases: [
    {
      // X = 12 - 10 = 2 a year. NPV low = 2 x 100 x AF - 500 - 50 x AF = 1544.347 - 500 - 386.087 = 658.260;
      // NPV high = 1544.347 - 1500 - 386.087 = -341.740: the sign turns with the meter cost.
      name: 'hand calculation: 10 vs 12 MWh/yr, $100, upkeep $50, 5 %, 10 years (AF 7.721735)',
      input: { formulaMwh: 10, meteredMwh: 12, certificatePrice: 100, upkeep: 50 },
      expect: (j) => {
        expect(AF).toBeCloseTo(7.721735, 6);
        expect(j.annuity_factor).toBeCloseTo(AF, 12);
        expect(j.extra_certificates_per_year).toBe(2);
        expect(j.low.npv_usd).toBeCloseTo(2 * 100 * AF - 500 - 50 * AF, 9);
        expect(j.high.npv_usd).toBeCloseTo(2 * 100 * AF - 1500 - 50 * AF, 9);
        // break-even price p* = (meter cost + upkeep AF) / (X AF)
        expect(j.low.break_even_price_usd).toBeCloseTo((500 + 50 * AF) / (2 * AF), 9);
        expect(j.verdict).toBe('depends-on-meter-cost');
        // Given inputs say "user"; defaults give their source (the input origins).
        expect(assumption(j, 'certificate price')).toMatchObject({ value: 100, source: 'user' });
        expect(assumption(j, 'meter upkeep')).toMatchObject({ value: 50, source: 'user' });
        expect(assumption(j, 'incentive period')?.source).toMatch(/ten-year incentive period/);
        expect(assumption(j, 'meter cost, low')?.source).toMatch(/several hundred/);
        expect(assumption(j, 'discount rate')?.source).toMatch(/^assumption/);
      },
    },
    {
      // Formula: 4 tons x 12,000 BTU/h x 8,760 h x COP 3.5 = 1,471,680,000 BTU / 3,412,000 = 431.32474 -> 431.
      // Metered: 100 MWh = 360e9 J / 1,055.05585262 J/BTU = 341,214,163 BTU / 3,412,000 = 100.00415 -> 100.
      // X = -331.32059; NPV low = X x 30 x AF - 500 - 50 x AF = -77,637.18; high = -78,637.18.
      name: 'Maryland, 4 tons at COP 3.5, 100 metered MWh, $30, upkeep $50: the formula wins',
      input: {
        tons: 4,
        cop: 3.5,
        program: 'md-geothermal',
        type: 'ground-source',
        meteredMwh: 100,
        certificatePrice: 30,
        upkeep: 50,
      },
      expect: (j) => {
        const formula = 1_471_680_000 / 3_412_000;
        const metered = (100 * 3.6e9) / J_PER_BTU / 3_412_000;
        expect(j).toMatchObject({ program_id: 'md-geothermal', formula_accepted: true });
        expect(j.formula).toMatchObject({ multiplier: 1, certificates: 431, btu_per_mwh: 3_412_000 });
        expect(j.formula_certificates_per_year).toBeCloseTo(formula, 9);
        expect(j.metered_certificates_per_year).toBeCloseTo(metered, 9);
        expect(j.metered).toMatchObject({ certificates: 100, certificate_unit: 'MWh', eligible: true });
        expect(j.low.npv_usd).toBeCloseTo((metered - formula) * 30 * AF - 500 - 50 * AF, 6);
        expect(j.high.npv_usd).toBeCloseTo((metered - formula) * 30 * AF - 1500 - 50 * AF, 6);
        expect(j.verdict).toBe('formula');
        expect(j).toMatchObject({ ok: true, formula_ok: true, metered_ok: true });
        expect(assumption(j, 'system type')).toBeUndefined(); // no estimate ran
      },
    },
    {
      // Ceiling: 4 x 12,000 BTU/h x 1,055.05585262 J/BTU x 8,760 h / 3.6e9 J/MWh = 123.231 MWh a year, far
      // below 5,000: an error check, so no recommendation; the arithmetic stays: 5,000 x $20 x AF.
      name: '5,000 metered MWh a year from 4 tons (at most 123.23 MWh): no recommendation',
      input: { tons: 4, formulaNotAccepted: true, meteredMwh: 5000 },
      expect: (j) => {
        expect(j.checks.find((c: { code: string }) => c.code === 'metered-above-capacity')?.severity).toBe(
          'error',
        );
        expect(j.verdict).toBe('none');
        expect(j.recommendation).toMatch(/^No recommendation/);
        expect(j).toMatchObject({ ok: false, formula_ok: true, metered_ok: false });
        expect(j.pv_extra_revenue_usd).toBeCloseTo(5000 * 20 * AF, 6);
      },
    },
    {
      // New Hampshire lists metering only: the formula (431.3 a year) is shown and counted as 0.
      name: 'a metering-only program does not credit the formula',
      input: { tons: 4, cop: 3.5, program: 'nh-class-i-thermal', type: 'ground-source', meteredMwh: 100 },
      expect: (j) => {
        expect(j.formula_accepted).toBe(false);
        expect(j.formula).toMatchObject({ certificates: 0, formula_certificates: 431, credited: false });
        expect(j.checks.map((c: { code: string }) => c.code)).toContain('formula-not-accepted');
      },
    },
  ],
  errors: [
    {
      name: 'a formula figure and "not accepted" together',
      input: { formulaMwh: 10, formulaNotAccepted: true, meteredMwh: 5 },
      path: ['formulaMwh'],
      detail: /they conflict/,
    },
    {
      name: 'no metered source',
      input: { formulaMwh: 10 },
      path: ['meteredMwh'],
      detail: /exactly one metered source/,
    },
    {
      name: 'two metered sources',
      input: { tons: 4, cop: 3.5, meteredMwh: 3, site: 'concord' },
      path: ['meteredMwh'],
      detail: /exactly one metered source/,
    },
    {
      name: 'no formula side',
      input: { meteredMwh: 10 },
      path: ['tons'],
      detail: /the formula figure/,
    },
    {
      name: 'a low meter cost above the (default) high one',
      input: { formulaMwh: 1, meteredMwh: 5, meterCostLow: 2000 },
      path: ['meterCostLow'],
      detail: /2000 is above 1500 \(the default\)/,
    },
    {
      name: 'an estimate input without weather',
      input: { tons: 4, cop: 3.5, map: 'x', meteredMwh: 3 },
      path: ['map'],
      detail: /needs a weather source/,
    },
    {
      name: 'a metered basis beside the metered MWh, which is already the energy counted',
      input: { tons: 4, cop: 3.5, program: 'm-rets-thermal', meteredMwh: 3, meteredBasis: 'heat' },
      path: ['meteredBasis'],
      detail: /they conflict: the metered MWh given is already the energy counted/,
    },
    {
      name: 'a metered basis where the program decides what counts',
      input: {
        formulaMwh: 1,
        program: 'm-rets-thermal',
        site: 'concord',
        map: 'Vitocal251A08',
        designLoadKw: 8,
        designTempC: -15,
        meteredBasis: 'renewable',
      },
      path: ['meteredBasis'],
      detail: /energyCounted rule decides what counts/,
    },
  ],
});
