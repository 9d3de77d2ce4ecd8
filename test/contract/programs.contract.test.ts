import { expect } from 'vitest';
import { contractSuite } from './harness.ts';

type Summary = {
  id: string;
  certificate_unit: string | null;
  registry: string | null;
  methods: string[] | null;
};
const byId = (j: unknown, id: string) => (j as Summary[]).find((p) => p.id === id);

contractSuite({
  useCase: 'programs',
  command: ['programs'],
  cases: [
    {
      // M-RETS Renewable Thermal Operating Procedures: one thermal certificate is 1 dekatherm (Dth).
      name: 'the catalogue, sorted by id: M-RETS thermal counts in Dth, New Hampshire Class I thermal in MWh',
      input: {},
      expect: (j) => {
        const ids = (j as Summary[]).map((p) => p.id);
        expect(ids).toEqual([...ids].sort());
        expect(ids).toContain('proposed-air-to-water-trec');
        expect(byId(j, 'm-rets-thermal')?.certificate_unit).toBe('1 Dth');
        // RSA 362-F (HB 233): Class I thermal certificates per MWh, tracked in NEPOOL-GIS, metered.
        expect(byId(j, 'nh-class-i-thermal')).toMatchObject({
          certificate_unit: '1 MWh',
          registry: 'NEPOOL-GIS',
          methods: ['metered'],
        });
      },
    },
  ],
});

contractSuite({
  useCase: 'program',
  command: ['programs', 'show'],
  argv: ({ id }) => [id],
  flags: { id: 'program' },
  cases: [
    {
      // New Hampshire HB 233 (RSA 362-F:6): 3,412,000 BTU per MWh, verified in the statute.
      name: 'one program file with its sourced values: New Hampshire converts at 3,412,000 BTU/MWh',
      input: { id: 'nh-class-i-thermal' },
      expect: (j) => {
        expect(j.id).toBe('nh-class-i-thermal');
        expect(j.btuPerMwh).toMatchObject({ value: 3_412_000, status: 'verified', sources: ['nh-hb233'] });
      },
    },
    {
      // Massachusetts APS (DOER): air source multiplier 2 for a small unit supplying less than 100 % of the
      // heating load, else 3.
      name: 'Massachusetts air source: the multipliers 2 and 3 by size class and condition',
      input: { id: 'ma-aps-air-source' },
      expect: (j) => {
        const [first, ...rest] = j.multipliers.value as {
          sizeClass: string;
          condition?: string;
          value: number;
        }[];
        expect(first).toMatchObject({ sizeClass: 'small', value: 2 });
        expect(first?.condition).toMatch(/less than 100 % of the building heating load/);
        expect(rest.map((m) => m.value)).toEqual(rest.map(() => 3));
      },
    },
  ],
  errors: [
    {
      name: 'an unknown program id',
      input: { id: 'atlantis' },
      path: ['id'],
      detail: /unknown program; known programs: .*md-geothermal/,
    },
  ],
});
