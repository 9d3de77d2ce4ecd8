import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, type MeterSample } from '../../src/core/index.ts';
import {
  readMeterFile,
  recogniseUnit,
  type MeterFileInfo,
  type MeterReadOptions,
} from '../../src/ingest/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-meter-'));
let n = 0;

/** Writes `content` to a temp file and reads it, copying each (reused) sample. */
async function read(content: string | Buffer, options: MeterReadOptions = {}, ext = 'csv') {
  const file = join(dir, `f${n++}.${ext}`);
  writeFileSync(file, content);
  const samples: MeterSample[] = [];
  let info: MeterFileInfo | undefined;
  const summary = await readMeterFile(file, options, (i) => {
    info = i;
    return (s) => void samples.push({ ...s });
  });
  return { samples, info: info!, summary, file };
}

async function readError(content: string, options: MeterReadOptions = {}): Promise<InputError> {
  try {
    await read(content, options);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('meter CSV: units to SI', () => {
  it('converts L/min, degC and kW/kWh by hand', async () => {
    const { samples } = await read(
      'time,flow_lpm,supply_c,return_c,heat_kw,heat_kwh,elec_kw,elec_kwh\n' +
        '2024-01-15T00:00:00Z,20,40,35,7,100,2,50\n',
    );
    const s = samples[0]!;
    expect(s.timeMs).toBe(Date.UTC(2024, 0, 15));
    expect(s.line).toBe(2);
    // 20 L/min = 20 x 0.001 m3 / 60 s = 3.3333e-4 m3/s
    expect(s.flowM3s).toBeCloseTo((20 * 0.001) / 60, 15);
    expect([s.supplyC, s.returnC]).toEqual([40, 35]);
    expect(s.heatW).toBe(7000); // 7 kW
    expect(s.heatRegisterJ).toBe(100 * 3.6e6); // 100 kWh x 3.6 MJ/kWh
    expect([s.elecW, s.elecRegisterJ]).toEqual([2000, 50 * 3.6e6]);
    expect(Number.isNaN(s.sourceC)).toBe(true); // absent channel
  });

  it('converts GPM, degF, BTU/h and MMBtu by hand', async () => {
    const { samples } = await read(
      'time,flow_gpm,supply_f,return_f,source_f,heat_btuh,heat_mmbtu\n' +
        '2024-01-15T00:00:00Z,5.283,104,95,32,12000,1\n',
    );
    const s = samples[0]!;
    // 5.283 gal/min x 3.785411784 L/gal = 19.99833 L/min -> / 60000 = 3.33306e-4 m3/s
    expect(s.flowM3s).toBeCloseTo((5.283 * 3.785411784) / 60000, 15);
    // (104 - 32) x 5/9 = 40 degC; (95 - 32) x 5/9 = 35 degC; 32 degF = 0 degC
    expect(s.supplyC).toBeCloseTo(40, 12);
    expect(s.returnC).toBeCloseTo(35, 12);
    expect(s.sourceC).toBe(0);
    // 12,000 BTU/h x 1055.05585262 J / 3600 s = 3516.85284 W (one ton)
    expect(s.heatW).toBeCloseTo((12000 * 1055.05585262) / 3600, 9);
    expect(s.heatRegisterJ).toBeCloseTo(1055.05585262e6, 3);
  });

  it('reads m3/h, L/s, MWh, GJ and kBtu registers', async () => {
    const a = await read('time,flow_m3h,return_c,supply_c,heat_gj\n2024-01-15T00:00:00Z,1.2,30,35,2\n');
    expect(a.samples[0]!.flowM3s).toBeCloseTo(1.2 / 3600, 15);
    expect(a.samples[0]!.heatRegisterJ).toBe(2e9);
    const b = await read('time,flow_ls,supply_c,return_c,heat_mwh\n2024-01-15T00:00:00Z,0.5,40,35,1.5\n');
    expect(b.samples[0]!.flowM3s).toBeCloseTo(0.0005, 15);
    expect(b.samples[0]!.heatRegisterJ).toBe(1.5 * 3.6e9);
    const c = await read('time,heat_kbtu\n2024-01-15T00:00:00Z,3\n');
    expect(c.samples[0]!.heatRegisterJ).toBeCloseTo(3 * 1055055.85262, 6);
    expect([...c.info.plan.channels]).toEqual(['heatRegister']);
    expect(c.info.plan.heatRegisterUnit).toBe('kBTU');
  });
});

describe('meter CSV: dialects', () => {
  const comma = 'time,flow_lpm,supply_c,return_c\n2024-01-15T00:00:00Z,20.5,40.25,35\n';
  const expected = { flowM3s: 20.5 / 60000, supplyC: 40.25, returnC: 35 };

  it('detects a comma delimiter with a decimal point', async () => {
    const r = await read(comma);
    expect(r.info.dialect).toEqual({ delimiter: ',', commaDecimal: false, decimal: 'point' });
    expect(r.info.bom).toBe(false);
    expect(r.samples[0]).toMatchObject(expected);
  });

  it('detects semicolons with decimal commas, a UTF-8 BOM and CRLF line ends', async () => {
    const text = 'time;flow_lpm;supply_c;return_c\r\n2024-01-15T00:00:00Z;20,5;40,25;35\r\n';
    const r = await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(r.info.dialect).toEqual({ delimiter: ';', commaDecimal: true, decimal: 'either' });
    expect(r.info.bom).toBe(true);
    expect(r.samples[0]).toMatchObject(expected);
  });

  it('reads tabs, quoted fields and a decimal point or comma in a tab file', async () => {
    const r = await read(
      '"time"\t"flow_lpm"\tsupply_c\treturn_c\n"2024-01-15T00:00:00Z"\t"20.5"\t40,25\t35\n',
    );
    expect(r.info.dialect?.delimiter).toBe('\t');
    expect(r.samples[0]).toMatchObject(expected);
  });

  it('reads "" as a quote inside a quoted field (RFC 4180), and names the bad value after a quoted comma', async () => {
    const r = await read(
      'time,note,flow_lpm\n2024-01-15T00:00:00Z,"say ""hi"", then ""bye""",20.5\n2024-01-15T00:01:00Z,"""",1\n',
    );
    expect(r.samples.map((s) => s.flowM3s * 60000)).toEqual([
      expect.closeTo(20.5, 12),
      expect.closeTo(1, 12),
    ]);
    const e = await readError('time,note,flow_lpm\n2024-01-15T00:00:00Z,"a,b",x\n');
    expect(e.where).toMatchObject({ line: 2, field: 'flow_lpm', value: 'x' });
  });

  it('gives the same samples whatever the column order', async () => {
    const a = await read(comma);
    const b = await read('return_c,supply_c,time,flow_lpm\n35,40.25,2024-01-15T00:00:00Z,20.5\n');
    expect(b.samples).toEqual(a.samples);
  });

  it('refuses a number with both a thousands separator and a decimal mark', async () => {
    const e = await readError('time;flow_lpm\n2024-01-15T00:00:00Z;1.020,5\n');
    expect(e.where).toMatchObject({ line: 2, field: 'flow_lpm', value: '1.020,5' });
  });
});

describe('meter CSV: header mapping', () => {
  const vendor = 'Zeitstempel;Durchfluss [l/min];VL;RL;Status\n2024-01-15T00:00:00+01:00;20;40;35;OK\n';
  const map = { Zeitstempel: 'time', 'Durchfluss [l/min]': 'flow_lpm', VL: 'supply_c', RL: 'return_c' };

  it('maps vendor headers to canonical names and lists unmapped columns as ignored', async () => {
    const r = await read(vendor, { map });
    expect(r.samples[0]).toMatchObject({ timeMs: Date.UTC(2024, 0, 14, 23), supplyC: 40, returnC: 35 });
    expect(r.info.plan.ignored).toEqual(['Status']);
  });

  it('ignores a column mapped to null without listing it', async () => {
    const r = await read(vendor, { map: { ...map, Status: null } });
    expect(r.info.plan.ignored).toEqual([]);
  });

  it('refuses a map to an unknown name, two columns for one channel, and a file without time', async () => {
    expect((await readError(vendor, { map: { ...map, VL: 'supply_k' } })).message).toMatch(/unknown name/);
    expect((await readError('time,flow_lpm,flow_gpm\n')).message).toMatch(/both give the flow channel/);
    expect((await readError('t,flow_lpm\n2024-01-15T00:00:00Z,1\n')).message).toMatch(/no time column/);
  });
});

describe('meter times and DST (America/New_York)', () => {
  const tz = 'America/New_York';
  const rows = (times: string[]) => 'time,flow_lpm\n' + times.map((t) => `${t},1\n`).join('');

  it('reads the repeated autumn hour once each: 01:59 EDT -> 01:00 EST is one minute', async () => {
    // 2024-11-03: clocks go back from 02:00 EDT (UTC-4) to 01:00 EST (UTC-5).
    const r = await read(
      rows(['2024-11-03 00:59', '2024-11-03 01:59', '2024-11-03 01:00', '2024-11-03 01:30']),
      {
        tz,
      },
    );
    expect(r.samples.map((s) => new Date(s.timeMs).toISOString())).toEqual([
      '2024-11-03T04:59:00.000Z', // 00:59 EDT
      '2024-11-03T05:59:00.000Z', // 01:59 EDT
      '2024-11-03T06:00:00.000Z', // 01:00 EST: the later offset, since rows are in order
      '2024-11-03T06:30:00.000Z', // 01:30 EST
    ]);
  });

  it('bridges the missing spring hour: 01:59 EST -> 03:00 EDT is one minute', async () => {
    // 2024-03-10: clocks go forward from 02:00 EST (UTC-5) to 03:00 EDT (UTC-4).
    const r = await read(rows(['2024-03-10 01:59', '2024-03-10 03:00']), { tz });
    expect(r.samples[1]!.timeMs - r.samples[0]!.timeMs).toBe(60_000);
    const e = await readError(rows(['2024-03-10 01:59', '2024-03-10 02:30']), { tz });
    expect(e.where).toMatchObject({ line: 3, field: 'time' });
    expect(e.message).toMatch(/does not exist/);
  });

  it('reads local times with seconds when a comma (not a decimal fraction) follows', async () => {
    const r = await read('time,flow_lpm\n2024-07-15T22:00:00,1\n2024-07-15 22:00:30,1\n', { tz });
    expect(r.samples.map((s) => s.timeMs)).toEqual([
      Date.UTC(2024, 6, 16, 2),
      Date.UTC(2024, 6, 16, 2, 0, 30),
    ]);
  });

  it('gives the zone offset for local-midnight boundaries, UTC without a zone', async () => {
    const r = await read(rows(['2024-07-01 00:00']), { tz });
    expect(r.info.utcOffsetMinutes(r.samples[0]!.timeMs)).toBe(-240);
    const u = await read(rows(['2024-07-01T00:00Z']));
    expect(u.info.utcOffsetMinutes(u.samples[0]!.timeMs)).toBe(0);
  });

  it('honours explicit offsets, fractions and 24:00; refuses local times without --tz', async () => {
    const r = await read(rows(['2024-01-01T23:00:00.5-05:00', '2024-01-02T24:00+0000']));
    expect(r.samples.map((s) => s.timeMs)).toEqual([
      Date.UTC(2024, 0, 2, 4, 0, 0, 500),
      Date.UTC(2024, 0, 3),
    ]);
    expect((await readError(rows(['2024-01-01 00:00']))).message).toMatch(/--tz/);
    expect((await readError(rows(['2024-02-30T00:00Z']))).where.line).toBe(2);
    await expect(read(rows(['2024-01-01 00:00']), { tz: 'Mars/Olympus' })).rejects.toThrow(/time zone/);
  });
});

describe('meter rows: errors and --skip-bad-rows', () => {
  const bad =
    'time,flow_lpm,supply_c,return_c\n' +
    '2024-01-15T00:00Z,20,40,35\n' +
    '2024-01-15T00:01Z,abc,40,35\n' + // line 3: non-numeric flow
    '2024-01-15T00:02Z,20,40\n' + // line 4: a column short
    '2024-01-15T00:00Z,20,40,35\n' + // line 5: time does not increase
    'yesterday,20,40,35\n' + // line 6: bad time
    '2024-01-15T00:03Z,20,,35\n' + // line 7: empty supply
    '2024-01-15T00:04Z,20,40,35\n';

  it('stops at the first bad row naming file, line, column and value', async () => {
    const e = await readError(bad);
    expect(e.where).toMatchObject({ line: 3, field: 'flow_lpm', value: 'abc' });
    expect(e.message).toMatch(/f\d+\.csv, line 3, field flow_lpm \(value "abc"\): not a number/);
  });

  it('counts and lists bad rows when skipping them, and reads the rest', async () => {
    const r = await read(bad, { skipBadRows: true });
    expect(r.samples.map((s) => s.line)).toEqual([2, 8]);
    expect(r.summary).toMatchObject({ rows: 2, skipped: 5 });
    expect(r.summary.badRows).toEqual([
      { line: 3, field: 'flow_lpm', value: 'abc', reason: 'not a number' },
      { line: 4, reason: 'expected 4 columns (as in the header), found 3' },
      expect.objectContaining({
        line: 5,
        field: 'time',
        reason: expect.stringMatching(/does not increase/) as unknown,
      }),
      expect.objectContaining({ line: 6, field: 'time', value: 'yesterday' }),
      { line: 7, field: 'supply_c', value: '', reason: 'empty value' },
    ]);
  });

  it('lists the first 20 bad rows and counts all', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `2024-01-15T00:${String(i).padStart(2, '0')}Z,x\n`);
    const r = await read('time,flow_lpm\n2024-01-14T00:00Z,1\n' + lines.join(''), { skipBadRows: true });
    expect(r.summary.skipped).toBe(30);
    expect(r.summary.badRows).toHaveLength(20);
  });

  it('reads rows that straddle the 1 MiB read chunks, in constant memory', async () => {
    const rows = Array.from(
      { length: 60_000 },
      (_, i) => `${new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString()},${i % 97}.5\n`,
    );
    const r = await read('time,flow_lpm\n' + rows.join(''));
    expect(r.samples).toHaveLength(60_000); // about 2.3 MB: three chunks
    expect(r.samples.every((s, i) => s.line === i + 2 && s.timeMs === Date.UTC(2024, 0, 1) + i * 1000)).toBe(
      true,
    );
    expect(r.samples.every((s, i) => Math.abs(s.flowM3s * 60000 - ((i % 97) + 0.5)) < 1e-9)).toBe(true);
  });

  it('refuses an empty file and a file without data rows', async () => {
    expect((await readError('')).message).toMatch(/empty/);
    expect((await readError('time,flow_lpm\n\n')).message).toMatch(/no data rows/);
  });

  it('hashes exactly the bytes read', async () => {
    const r = await read('time,flow_lpm\n2024-01-15T00:00Z,1');
    // sha256 of that text, from `printf 'time,flow_lpm\n2024-01-15T00:00Z,1' | sha256sum`
    expect(r.summary.sha256).toBe('88cf1f3b9bb08c5e2ae80ddebc6b3123f0aa4dfa5cece0c8f822d83a5f9a6710');
    expect(r.samples).toHaveLength(1); // the last line has no line break and is still read
  });
});

describe('meter JSON lines', () => {
  it('reads objects with the first line fixing the columns', async () => {
    const text =
      '{"time":"2024-01-15T00:00:00Z","flow_lpm":20,"supply_c":40,"return_c":35,"note":"x"}\n' +
      '{"time":"2024-01-15T00:01:00Z","flow_lpm":"21.5","supply_c":40,"return_c":35}\n';
    const r = await read(text, {}, 'jsonl');
    expect(r.info.format).toBe('jsonl');
    expect(r.info.plan.ignored).toEqual(['note']);
    expect(r.samples[0]!.flowM3s).toBeCloseTo(20 / 60000, 15);
    expect(r.samples[1]!.flowM3s).toBeCloseTo(21.5 / 60000, 15);
  });

  it('names the line of a missing value or broken JSON', async () => {
    const text = '{"time":"2024-01-15T00:00:00Z","flow_lpm":20}\n{"time":"2024-01-15T00:01:00Z"}\n{"time":\n';
    const r = await read(text, { skipBadRows: true }, 'jsonl');
    expect(r.summary.badRows).toEqual([
      { line: 2, field: 'flow_lpm', value: 'null', reason: 'missing' },
      { line: 3, reason: 'not valid JSON' },
    ]);
  });

  it('reads numeric strings as CSV numbers are: "0x10" and "1,5" are bad values (Number() reads 16)', async () => {
    const head = '{"time":"2024-01-15T00:00:00Z","flow_lpm":" 2.5 "}\n';
    const text = head + '{"time":"2024-01-15T00:01:00Z","flow_lpm":"0x10"}\n';
    const r = await read(
      text + '{"time":"2024-01-15T00:02:00Z","flow_lpm":"1,5"}\n',
      { skipBadRows: true },
      'jsonl',
    );
    expect(r.samples.map((s) => s.flowM3s * 60000)).toEqual([expect.closeTo(2.5, 12)]);
    expect(r.summary.badRows.map((b) => [b.line, b.value, b.reason])).toEqual([
      [2, '"0x10"', 'not a number'],
      [3, '"1,5"', 'not a number'],
    ]);
  });
});

describe('meter files across chunk boundaries (the reader pulls 1 MiB at a time)', () => {
  it('reads every row of a 2.5 MiB file, the header chunk included, in order', async () => {
    const rows = 60_000; // ~42 bytes a row: the rows span three chunks
    const lines = Array.from(
      { length: rows },
      (_, i) => `${new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()},${i},40,35\n`,
    );
    const { samples, summary } = await read('time,flow_lpm,supply_c,return_c\n' + lines.join(''));
    expect(summary.rows).toBe(rows);
    expect(samples.map((s) => s.line)).toEqual(Array.from({ length: rows }, (_, i) => i + 2));
    expect(samples.at(-1)!.flowM3s).toBeCloseTo((rows - 1) / 60000, 12);
  });

  it('reads a header line longer than a chunk', async () => {
    const long = 'x'.repeat(1_500_000);
    const { samples, info } = await read(`time,"${long}",heat_kw\n2024-01-15T00:00:00Z,1,2\n`);
    expect(info.plan.ignored).toEqual([long]);
    expect(samples[0]!.heatW).toBe(2000);
  });

  it('a JSON-lines file: the first line is the header and the first row', async () => {
    const text = '{"time":"2024-01-15T00:00:00Z","heat_kw":1}\n{"time":"2024-01-15T00:01:00Z","heat_kw":3}\n';
    const { samples } = await read(text, {}, 'jsonl');
    expect(samples.map((s) => [s.line, s.heatW])).toEqual([
      [1, 1000],
      [2, 3000],
    ]);
  });
});

describe('interval-energy columns and units in headers', () => {
  it('plans *_interval columns on the register channel, marked as interval energy', async () => {
    const { info, samples } = await read(
      'time,heat_kwh_interval,elec_mwh_interval\n2024-01-15T01:00:00Z,2,0.001\n',
    );
    expect([...info.plan.channels]).toEqual(['heatRegister', 'elecRegister']);
    expect([...info.plan.intervalChannels]).toEqual(['heatRegister', 'elecRegister']);
    expect(samples[0]!.heatRegisterJ).toBe(2 * 3.6e6); // 1 kWh = 3.6 MJ
    expect(samples[0]!.elecRegisterJ).toBeCloseTo(3.6e6, 6); // 0.001 MWh = 1 kWh
  });

  it('recognises units as exports write them', () => {
    const unit = (h: string) => recogniseUnit(h)?.unit;
    expect(unit('Debietmeting [WP-01] [m3/uur]')).toBe('m3/h');
    expect(unit('Debiet m³/h')).toBe('m3/h');
    expect(unit('Aanvoer [°C]')).toBe('°C');
    expect(unit('Retour (ºC)')).toBe('°C');
    expect(unit('Warmte (kWh)')).toBe('kWh');
    expect(unit('flow l/min')).toBe('L/min');
    expect(unit('Vorlauf [°F]')).toBe('°F');
    expect(unit('Energy [GJ]')).toBe('GJ');
    expect(unit('Status')).toBeUndefined();
    expect(unit('WP-01 [pump]')).toBeUndefined();
  });

  it('the no-data-column error lists headers, units and a map skeleton', async () => {
    const e = await readError('Tijd;Debiet [m3/uur];Opmerking\n2024-01-15T00:00Z;1,2;x\n');
    expect(e.message).toContain('no time column');
    expect(e.message).toContain('headers: "Tijd", "Debiet [m3/uur]", "Opmerking"');
    expect(e.message).toContain('units recognised: "Debiet [m3/uur]": m3/h (flow_m3h)');
    expect(e.message).toContain('{"Tijd":"time","Debiet [m3/uur]":"flow_m3h","Opmerking":null}');
  });
});
