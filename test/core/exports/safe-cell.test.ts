import { describe, expect, it } from 'vitest';
import { safeCell } from '../../../src/core/index.ts';

// OWASP ASVS 5.0 1.2.10: a first character = + - @ TAB or NUL is escaped with a single quote; the OWASP
// "CSV Injection" page lists = + - @ TAB CR. RFC 4180 2.6/2.7: a field with , " CR or LF is enclosed in double
// quotes and an inner double quote is doubled. Expected cells typed by hand from those rules.
describe('safeCell: formula injection and RFC 4180 quoting', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+41 22 000', "'+41 22 000"],
    ['-2', "'-2"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tcmd', "'\tcmd"],
    ['\0x', "'\0x"],
  ])('prefixes a quote to %j', (input, expected) => {
    expect(safeCell(input)).toBe(expected);
  });

  it('quotes a guarded cell that holds a CR (the prefix first, then RFC 4180)', () => {
    expect(safeCell('\r=1')).toBe('"\'\r=1"');
  });

  it('prefixes and quotes =HYPERLINK(...) with its inner quotes doubled', () => {
    expect(safeCell('=HYPERLINK("http://evil.example","x")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""x"")"',
    );
  });

  it('quotes commas, quotes and line breaks without a prefix when the text starts harmlessly', () => {
    expect(safeCell('Heat pump, north')).toBe('"Heat pump, north"');
    expect(safeCell('the "big" one')).toBe('"the ""big"" one"');
    expect(safeCell('line1\nline2')).toBe('"line1\nline2"');
  });

  it('leaves plain text, a formula character after the first, and the empty cell alone', () => {
    expect(safeCell('RU-1')).toBe('RU-1');
    expect(safeCell('a=b')).toBe('a=b');
    expect(safeCell(' =1')).toBe(' =1'); // only the first character decides (OWASP)
    expect(safeCell('')).toBe('');
  });
});
