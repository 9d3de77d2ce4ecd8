import { expect } from 'vitest';
import type { ConvertInput } from '../../src/app/index.ts';
import { contractSuite } from './harness.ts';

const J_PER_BTU = 1055.05585262; // NIST SP 811: the International Table BTU, exact
const J_PER_MWH = 3.6e9;

contractSuite({
  useCase: 'convert',
  command: ['convert'],
  argv: ({ kind, value, from, to }) => [kind, String(value), from, to],
  flags: { kind: 'kind', value: '<value>', from: '<from>', to: '<to>' },
  cases: [
    {
      // 1 MWh = 3.6e9 J / 1055.05585262 J/BTU = 3,412,141.63 BTU
      name: '1 MWh = 3,412,141.6 BTU with the exact International Table BTU',
      input: { kind: 'energy', value: 1, from: 'MWh', to: 'BTU' },
      expect: (j) => {
        expect(j.result).toBeCloseTo(J_PER_MWH / J_PER_BTU, 6);
        expect(j.result).toBeCloseTo(3_412_141.6, 1);
        expect(j).toMatchObject({ kind: 'energy', value: 1, from: 'MWh', to: 'BTU' });
      },
    },
    {
      // 1 ton of refrigeration = 12,000 BTU/h = 12,000 x 1055.05585262 / 3600 W = 3.5168528 kW
      name: '1 ton = 12,000 BTU/h = 3.5168528 kW',
      input: { kind: 'power', value: 1, from: 'ton', to: 'kW' },
      expect: (j) => expect(j.result).toBeCloseTo((12_000 * J_PER_BTU) / 3600 / 1000, 9),
    },
    {
      // A difference of 10 K is 18 F (1 K = 1.8 F); a point of -40 C is -40 F.
      name: 'a 10 K difference is 18 F',
      input: { kind: 'delta-t', value: 10, from: 'K', to: 'F' },
      expect: (j) => expect(j.result).toBeCloseTo(18, 12),
    },
    {
      name: '-40 C is -40 F (the scales cross)',
      input: { kind: 'temperature', value: -40, from: 'C', to: 'F' },
      expect: (j) => expect(j.result).toBeCloseTo(-40, 12),
    },
  ],
  errors: [
    {
      name: 'a temperature below absolute zero',
      input: { kind: 'temperature', value: -300, from: 'C', to: 'K' },
      path: ['value'],
      detail: /-300 C is below absolute zero/,
    },
    {
      // 1e308 kWh x 3.6e6 J/kWh = 3.6e314 J: beyond the largest double (1.8e308)
      name: 'a result beyond the largest double',
      input: { kind: 'energy', value: 1e308, from: 'kWh', to: 'J' },
      path: ['value'],
      detail: /1e308 kWh in J is beyond the largest number a double holds/,
    },
    {
      name: 'an unknown unit wanted',
      input: { kind: 'energy', value: 1, from: 'J', to: 'GWh' },
      path: ['to'],
      detail: /./,
    },
    {
      name: 'an unknown efficiency metric',
      input: { kind: 'efficiency', value: 3, from: 'XX', to: 'EER' },
      path: ['from'],
      detail: /unknown efficiency metric/,
    },
    {
      name: 'an unknown kind',
      input: { kind: 'mass' as ConvertInput['kind'], value: 1, from: 'kg', to: 'g' }, // refused by the schema
      path: ['kind'],
      detail: /kind must be one of energy, power, temperature, delta-t, flow, efficiency/,
    },
  ],
});
