import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecimalScanner, parseDecimal, type DecimalMark } from '../../src/ingest/meter/number.ts';

const parse = (text: string, mark: DecimalMark = 'point') => {
  const buf = Buffer.from(`#${text}#`); // offsets inside a larger buffer, as in a file
  return parseDecimal(buf, 1, buf.length - 1, mark);
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
        expect(parse(text.replace('.', ','), 'comma')).toBe(Number(text));
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
    expect(parse('20,5', 'comma')).toBe(20.5);
    expect(parse('20,5', 'either')).toBe(20.5);
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
      expect(parse(text, text === '1.234,5' ? 'either' : 'point'), text).toBeNaN();
  });
});

describe('decimal marks: thousands separator or decimal mark (issue 7)', () => {
  it('refuses a value with one mark and exactly three digits after it when the mark is not stated', () => {
    const scanner = new DecimalScanner('either');
    for (const text of ['1.000', '1,000', '12.500', '-999,125', '+100.250']) {
      const buf = Buffer.from(text);
      expect(scanner.parse(buf, 0, buf.length), text).toBeNaN();
      expect(scanner.ambiguous, text).toBe(true);
    }
  });

  it('reads what no thousands separator can explain, without a stated mark', () => {
    // a leading zero, four integer digits, or not three fraction digits rule out a thousands separator
    expect(parse('0.500', 'either')).toBe(0.5);
    expect(parse('0,125', 'either')).toBe(0.125);
    expect(parse('1000,000', 'either')).toBe(1000);
    expect(parse('1,5', 'either')).toBe(1.5);
    expect(parse('1.0000', 'either')).toBe(1);
    expect(parse('45', 'either')).toBe(45);
  });

  it('with a stated mark reads the other one as a thousands separator in groups of three only', () => {
    expect(parse('1.000', 'comma')).toBe(1000);
    expect(parse('1,000', 'comma')).toBe(1);
    expect(parse('1.234.567,5', 'comma')).toBe(1234567.5);
    expect(parse('1,000', 'point')).toBe(1000);
    expect(parse('1.000', 'point')).toBe(1);
    expect(parse('1,234,567.25', 'point')).toBe(1234567.25);
    expect(parse('1.5', 'comma')).toBeNaN(); // a dot that is not a thousands group
    expect(parse('12.34', 'comma')).toBeNaN();
    expect(parse('1,5', 'point')).toBeNaN();
    expect(parse('1.234,5', 'point')).toBeNaN();
  });

  it('keeps no state between scanners (each reader has its own)', () => {
    const a = new DecimalScanner('point');
    const b = new DecimalScanner('point');
    const buf = Buffer.from('12;345');
    expect(a.scan(buf, 0, buf.length, 0x3b)).toBe(12);
    expect(b.scan(buf, 3, buf.length, 0x3b)).toBe(345);
    expect(a.end).toBe(2);
    expect(b.end).toBe(6);
  });
});
