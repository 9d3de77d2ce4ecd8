// The reader's fast paths (docs/performance.md) must give exactly what the general parsers give: the
// expected instants come from Date.UTC / Date.parse, the expected values from hand arithmetic.
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, type MeterSample } from '../../src/core/index.ts';
import { readMeterFile } from '../../src/ingest/index.ts';
import { TimeReader } from '../../src/ingest/meter/time.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-fast-'));
let n = 0;

async function read(content: string): Promise<MeterSample[]> {
  const file = join(dir, `f${n++}.csv`);
  writeFileSync(file, content);
  const samples: MeterSample[] = [];
  await readMeterFile(file, {}, () => (s) => void samples.push({ ...s }));
  return samples;
}

const parseTime = (reader: TimeReader, text: string) => {
  const buf = Buffer.from(`,${text},`); // inside a larger buffer, as in a file
  return reader.parse(buf, 1, buf.length - 1, -Infinity);
};

describe('ISO times on the day of the previous row (fast path)', () => {
  it('reads h:m:s on the cached day exactly as a new day, and refuses what the full path refuses', () => {
    const reader = new TimeReader();
    expect(parseTime(reader, '2024-03-05T10:00:00Z')).toBe(Date.UTC(2024, 2, 5, 10)); // caches the day
    expect(parseTime(reader, '2024-03-05T23:59:59Z')).toBe(Date.UTC(2024, 2, 5, 23, 59, 59));
    expect(parseTime(reader, '2024-03-05T00:00:00Z')).toBe(Date.UTC(2024, 2, 5));
    // 24:00 is the end of the day (ISO 8601), read by the full path
    expect(parseTime(reader, '2024-03-05T24:00:00Z')).toBe(Date.UTC(2024, 2, 6));
    for (const bad of [
      '2024-03-05T24:00:01Z',
      '2024-03-05T25:00:00Z',
      '2024-03-05T30:00:00Z',
      '2024-03-05T12:60:00Z',
      '2024-03-05T12:00:60Z',
      '2024-03-05T1a:00:00Z',
      '2024-03-05T12:0/:00Z',
      '2024-03-05T12-00:00Z',
    ])
      expect(parseTime(reader, bad), bad).toBeNaN();
    // the next day after the cached one, and back (the cache follows the day read)
    expect(parseTime(reader, '2024-03-06T00:00:01Z')).toBe(Date.UTC(2024, 2, 6, 0, 0, 1));
    expect(parseTime(reader, '2024-03-05T00:00:01Z')).toBe(Date.UTC(2024, 2, 5, 0, 0, 1));
  });

  it('gives Date.parse for any run of canonical UTC times in order', () => {
    const instants = fc
      .array(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9998, 11, 31) }), { minLength: 1 })
      .chain((starts) =>
        fc.tuple(fc.constant(starts[0]!), fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 50 })),
      );
    fc.assert(
      fc.property(instants, ([start, steps]) => {
        const reader = new TimeReader();
        let t = Math.floor(start / 1000) * 1000;
        for (const step of [0, ...steps]) {
          t += step * 1000;
          const text = new Date(t).toISOString().replace('.000Z', 'Z');
          expect(parseTime(reader, text)).toBe(Date.parse(text));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('CSV lines: the one-pass reader and the general one agree', () => {
  it('reads common and uncommon lines of one file to the same values', async () => {
    const samples = await read(
      'time,flow_lpm,supply_c,return_c\n' +
        '2024-01-01T00:00:00Z,12.5,40,35\n' + // the common line
        '2024-01-01T00:00:01Z,"12.5", 40.0 ,+35\n' + // quotes, spaces, a sign
        '2024-01-01 00:00:02Z,1.25e1,40,35.000\n' + // a space separator, an exponent
        '2024-01-01T00:00:03+00:00,0012.50,40.,35\n' + // an offset, leading zeros, a bare mark
        '2024-01-02T00:00:00.000Z,12.5,40,35\n', // a fraction of a second
    );
    expect(samples.map((s) => s.timeMs)).toEqual([
      Date.UTC(2024, 0, 1, 0, 0, 0),
      Date.UTC(2024, 0, 1, 0, 0, 1),
      Date.UTC(2024, 0, 1, 0, 0, 2),
      Date.UTC(2024, 0, 1, 0, 0, 3),
      Date.UTC(2024, 0, 2),
    ]);
    // 12.5 L/min = 12.5 x 0.001 m3 / 60 s
    for (const s of samples) {
      expect(s.flowM3s).toBe(samples[0]!.flowM3s);
      expect([s.supplyC, s.returnC]).toEqual([40, 35]);
    }
    expect(samples[0]!.flowM3s).toBeCloseTo((12.5 * 0.001) / 60, 15);
  });

  it('names the field of a bad line that the one-pass reader gave up on', async () => {
    const head = 'time,flow_lpm,supply_c,return_c\n2024-01-01T00:00:00Z,12.5,40,35\n';
    const cases: [string, RegExp][] = [
      ['2024-01-01T00:00:01Z,12.5,40,35,\n', /expected 4 columns \(as in the header\), found 5/],
      ['2024-01-01T00:00:01Z,12.5,40\n', /expected 4 columns \(as in the header\), found 3/],
      ['2024-01-01T00:00:01Z,12.5,40,35,1\n', /expected 4 columns \(as in the header\), found 5/],
      ['2024-01-01T00:00:61Z,12.5,40,35\n', /time/],
      ['2024-01-01T00:00:01Z,12.5x,40,35\n', /field flow_lpm \(value "12.5x"\): not a number/],
      ['2024-01-01T00:00:00Z,12.5,40,35\n', /time does not increase/],
    ];
    for (const [line, message] of cases) {
      const error = await read(head + line).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, line).toBeInstanceOf(InputError);
      expect((error as InputError).message, line).toMatch(message);
      expect((error as InputError).where.line, line).toBe(3);
    }
  });
});
