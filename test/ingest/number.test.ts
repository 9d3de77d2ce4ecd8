import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../src/ingest/meter/number.ts';

const parse = (text: string, commaDecimal = false) => {
  const buf = Buffer.from(`#${text}#`); // offsets inside a larger buffer, as in a file
  return parseDecimal(buf, 1, buf.length - 1, commaDecimal);
};

describe('parseDecimal (bytes -> double)', () => {
  it('gives exactly the double Number() gives for plain decimals (fast and slow paths)', () => {
    const decimal = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        fc.stringMatching(/^\d{1,20}$/),
        fc.option(fc.stringMatching(/^\d{0,20}$/)),
        fc.option(fc.integer({ min: -30, max: 30 })),
      )
      .map(
        ([sign, int, frac, exp]) =>
          `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `e${exp}`}`,
      );
    fc.assert(
      fc.property(decimal, (text) => {
        expect(parse(text)).toBe(Number(text));
        expect(parse(text.replace('.', ','), true)).toBe(Number(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads hand-picked values', () => {
    expect(parse('0.1')).toBe(0.1);
    expect(parse(' 35.25 ')).toBe(35.25);
    expect(parse('-0.5')).toBe(-0.5);
    expect(parse('.5')).toBe(0.5);
    expect(parse('5.')).toBe(5);
    expect(parse('20,5', true)).toBe(20.5);
    expect(parse('1.5E3')).toBe(1500);
  });

  it('refuses what is not a plain finite decimal', () => {
    for (const text of [
      '',
      ' ',
      '-',
      '.',
      'abc',
      '1.2.3',
      '1,5',
      '1.234,5',
      'NaN',
      'Infinity',
      '0x10',
      '1e',
      '1e999',
      '12a',
    ])
      expect(parse(text, text === '1.234,5'), text).toBeNaN();
  });
});
