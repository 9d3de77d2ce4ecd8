import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-energy-files-'));
let n = 0;
function file(text: string, ext = 'csv'): string {
  const path = join(dir, `f${n++}.${ext}`);
  writeFileSync(path, text);
  return path;
}
const T0 = Date.UTC(2024, 0, 15);
const iso = (minute: number) => new Date(T0 + minute * 60_000).toISOString().replace('.000Z', 'Z');
/** A one-column file with rows at the given minutes. */
const series = (header: string, rows: [number, string | number][]) =>
  file(`time,${header}\n${rows.map(([m, v]) => `${iso(m)},${v}\n`).join('')}`);
const everyMinute = (from: number, to: number, value: number, skip: number[] = []) =>
  Array.from({ length: to - from + 1 }, (_, k): [number, number] => [from + k, value]).filter(
    ([m]) => !skip.includes(m),
  );

/*
 * Hand calculation (as in test/cli/energy.test.ts, issue 3): 20 L/min of water, supply 40 C, return 35 C,
 * the flow sensor in the return:
 *   P = 20/60000 m3/s x rho(35 C) 994.2 kg/m3 x cp(37.5 C) 4178.5 J/(kg K) x 5 K = 6923.7 W
 * (ASHRAE table, reference/fluids: rho at 35 C; cp the mean of the 35 and 40 C rows).
 */
const P_W = (20 / 60000) * 994.2 * 4178.5 * 5;
const kwh = (minutes: number) => (P_W * minutes * 60) / 3.6e6;

interface Out {
  intervals: { start: string; heat_kwh: number; elec_kwh: number | null; cop: number | null }[];
  total: { heat_kwh: number; elec_kwh: number | null; cop: number | null };
  checks: { code: string; severity: string; message: string }[];
  heat_basis: string;
  elec_basis: string | null;
  sources: { file: string }[];
}
async function energy(...args: string[]): Promise<Out> {
  const r = await trec('energy', '--json', ...args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.json<Out>();
}
const codes = (out: Out) => out.checks.map((c) => c.code);

describe('trec energy FILE...: one file per channel, joined on equal times', () => {
  it('joins flow, supply and return files on their times: two hours of 6.92 kW', async () => {
    const out = await energy(
      series('flow_lpm', everyMinute(0, 120, 20)),
      series('supply_c', everyMinute(0, 120, 40)),
      series('return_c', everyMinute(0, 120, 35)),
      '--interval',
      'total',
    );
    expect(out.heat_basis).toBe('flow-temperature');
    expect(out.total.heat_kwh).toBeCloseTo(kwh(120), 2);
    expect(out.sources).toHaveLength(3);
    // (constant temperatures for 2 h also raise stuck-sensor: the data is synthetic)
    expect(codes(out).filter((c) => c !== 'stuck-sensor')).toEqual(['joined-files']);
  });

  it('a time one file lacks is a gap for its channel, reported naming the file and the time', async () => {
    const supply = series('supply_c', everyMinute(0, 120, 40, [30, 31]));
    const out = await energy(
      series('flow_lpm', everyMinute(0, 120, 20)),
      supply,
      series('return_c', everyMinute(0, 120, 35)),
      '--interval',
      'total',
    );
    const missing = out.checks.find((c) => c.code === 'join-missing');
    expect(missing?.severity).toBe('warning');
    expect(missing?.message).toContain(supply);
    expect(missing?.message).toContain('2 time(s)');
    expect(missing?.message).toContain('2024-01-15T00:30:00.000Z');
    // 3 minutes between 00:29 and 00:32 are bridged (under --max-gap 15m); power is constant, so the energy holds
    expect(out.total.heat_kwh).toBeCloseTo(kwh(120), 2);
  });

  it('a channel given by two files is refused, naming both', async () => {
    const a = series('supply_c', everyMinute(0, 10, 40));
    const b = series('supply_c', everyMinute(0, 10, 41));
    const r = await trec('energy', series('flow_lpm', everyMinute(0, 10, 20)), a, b);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`the supply channel comes from two files, ${a} and ${b}`);
  });

  it('the order of the files does not change the result', async () => {
    const wave = (m: number) => 20 + 5 * Math.sin(m / 7);
    const f = series(
      'flow_lpm',
      Array.from({ length: 121 }, (_, m): [number, number] => [m, wave(m)]),
    );
    const s = series(
      'supply_c',
      Array.from({ length: 121 }, (_, m): [number, number] => [m, 40 + (m % 5)]),
    );
    const r = series('return_c', everyMinute(0, 120, 35, [17]));
    const e = series(
      'elec_kwh',
      Array.from({ length: 9 }, (_, q): [number, number] => [q * 15, 10 + q * q * 0.1]),
    );
    const a = await energy(f, s, r, e, '--interval', 'hour');
    const b = await energy(e, r, f, s, '--interval', 'hour');
    expect(b.intervals).toEqual(a.intervals);
    expect(b.total).toEqual(a.total);
  });

  it('the same file given twice is refused', async () => {
    const path = series('heat_kw', everyMinute(0, 10, 1));
    const r = await trec('energy', path, path);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the same file is given twice');
  });

  it('the JSON result lists every file under sources and says how they were joined', async () => {
    const flow = series('flow_lpm', everyMinute(0, 10, 20));
    const r = await trec(
      'energy',
      flow,
      series('supply_c', everyMinute(0, 10, 40)),
      series('return_c', everyMinute(0, 10, 35)),
      '--json',
      '--join',
      'hold',
    );
    const out = r.json<{ sources: { file: string; rows: number }[]; join: unknown; source?: unknown }>();
    expect(out.sources.map((s) => s.rows)).toEqual([11, 11, 11]);
    expect(out.sources[0]!.file).toBe(flow);
    expect(out.source).toBeUndefined();
    expect(out.join).toEqual({ mode: 'hold', max_gap_s: 900, label: 'end', files: 3 });
  });

  it('files that share no time give no sample: an error, pointing at --join hold', async () => {
    const r = await trec(
      'energy',
      series('flow_lpm', [
        [0, 20],
        [2, 20],
      ]),
      series('supply_c', [
        [1, 40],
        [3, 40],
      ]),
      series('return_c', [
        [1, 35],
        [3, 35],
      ]),
    );
    expect(r.code).toBe(2);
    // the join is the field; the message points at hold
    expect(r.stderr).toMatch(/field --join \(value "exact"\): the files share no time.*try hold/);
  });
});

describe('trec energy --join hold: values logged on change hold until the next one, at most --max-gap', () => {
  // flow 20 L/min from 00:00, 0 from 00:40, 20 again from 01:00 to the end at 01:10; temperatures constant
  // but logged at their own times. As steps: 40 + 10 = 50 minutes of 6.92 kW (a straight line between the
  // logged values would count 00:30-00:40 at half the flow instead).
  const flow = () =>
    series('flow_lpm', [
      [0, 20],
      [30, 20],
      [40, 0],
      [60, 20],
      [70, 20],
    ]);
  const supply = () =>
    series('supply_c', [
      [0, 40],
      [35, 40],
      [70, 40],
    ]);
  const ret = () =>
    series('return_c', [
      [0, 35],
      [50, 35],
      [70, 35],
    ]);

  it('integrates the held values as steps: 50 minutes of 6.92 kW', async () => {
    const out = await energy(
      flow(),
      supply(),
      ret(),
      '--join',
      'hold',
      '--max-gap',
      '1h',
      '--interval',
      'total',
    );
    expect(out.total.heat_kwh).toBeCloseTo(kwh(50), 3);
    expect(codes(out)).toEqual(['joined-files']);
  });

  it('with --join exact the same files lack most times: reported per file', async () => {
    const out = await energy(flow(), supply(), ret(), '--max-gap', '1h', '--interval', 'total');
    const missing = out.checks.filter((c) => c.code === 'join-missing');
    expect(missing).toHaveLength(3);
  });

  it('a value older than --max-gap does not hold: a gap, reported, nothing counted past it', async () => {
    // supply logs at 00:00 and 02:00 only: with --max-gap 15m it holds 00:00-00:15, then is unknown
    const supplyFile = series('supply_c', [
      [0, 40],
      [120, 40],
    ]);
    const out = await energy(
      series('flow_lpm', everyMinute(0, 120, 20)),
      supplyFile,
      series('return_c', everyMinute(0, 120, 35)),
      '--join',
      'hold',
      '--max-gap',
      '15m',
      '--interval',
      'total',
    );
    expect(out.total.heat_kwh).toBeCloseTo(kwh(15), 3);
    const expired = out.checks.find((c) => c.code === 'join-expired');
    expect(expired?.message).toContain(supplyFile);
    expect(expired?.message).toContain('2024-01-15T00:15:00.000Z');
  });
});

describe('a register file at its own rate beside instant files', () => {
  it('an electricity register read every 15 minutes gives the COP of 1-minute flow x dT', async () => {
    // 2 h of 6.92 kW heat; the register rises 0.5 kWh every 15 minutes: 4 kWh in 2 h
    const out = await energy(
      series('flow_lpm', everyMinute(0, 120, 20)),
      series('supply_c', everyMinute(0, 120, 40)),
      series('return_c', everyMinute(0, 120, 35)),
      series(
        'elec_kwh',
        Array.from({ length: 9 }, (_, q): [number, number] => [q * 15, 1000 + q * 0.5]),
      ),
      '--interval',
      'hour',
    );
    expect(out.elec_basis).toBe('elec-register');
    expect(out.intervals.map((e) => e.elec_kwh)).toEqual([2, 2]);
    expect(out.total.heat_kwh).toBeCloseTo(kwh(120), 2);
    expect(out.total.cop).toBeCloseTo(kwh(120) / 4, 3);
  });

  it("a true register with one reset raises no register-drops error (only the integrator's reset warning)", async () => {
    const readings = Array.from({ length: 60 }, (_, m): [number, number] => [
      m,
      m < 30 ? 100 + m * 0.1 : m * 0.1,
    ]);
    const out = await energy(series('heat_kwh', readings), '--interval', 'total');
    expect(codes(out)).toContain('register-reset');
    expect(codes(out)).not.toContain('register-drops');
  });

  it('a file with instant and register columns is read once per role; its register cross-checks flow x dT', async () => {
    // 1-minute flow/temperatures with a heat register rising 6.9237 kWh/h / 60 a minute (the same energy)
    const perMinuteKwh = kwh(1);
    const a = file(
      'time,flow_lpm,supply_c,return_c,heat_kwh\n' +
        Array.from(
          { length: 121 },
          (_, m) => `${iso(m)},20,${40 + (m % 2) * 0.01},35,${(500 + m * perMinuteKwh).toFixed(6)}\n`,
        ).join(''),
    );
    const b = series('elec_kwh', [
      [0, 10],
      [60, 12],
      [120, 14],
    ]);
    const out = await energy(a, b, '--interval', 'hour');
    expect(out.sources.map((s) => s.file)).toEqual([a, b]);
    expect(out.elec_basis).toBe('elec-register');
    expect(out.intervals.map((e) => e.elec_kwh)).toEqual([2, 2]);
    expect(codes(out)).not.toContain('register-mismatch');
    expect(codes(out)).not.toContain('series-range');
    expect(out.total.cop).toBeCloseTo(out.total.heat_kwh / 4, 9);
  });

  it('an unmapped header with a unit is noted with the names its unit fits', async () => {
    const r = await trec(
      'energy',
      file('time,heat_kw,Debiet [m3/uur]\n2024-01-15T00:00Z,1,2\n2024-01-15T00:01Z,1,2\n'),
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'column "Debiet [m3/uur]" is not a canonical name and is ignored (map it with --map; its unit m3/h fits flow_m3h)',
    );
  });
});

describe('interval energy: heat_kwh_interval, elec_kwh_interval, --label end|start', () => {
  const rows = [
    [60, 1],
    [120, 2],
    [180, 3],
  ] as [number, number][];

  it('label end (the default): the row at 01:00 is the energy of 00:00-01:00', async () => {
    const out = await energy(series('heat_kwh_interval', rows), '--interval', 'hour');
    expect(out.heat_basis).toBe('heat-register');
    expect(out.intervals.map((e) => [e.start, e.heat_kwh])).toEqual([
      ['2024-01-15T00:00:00.000Z', 1],
      ['2024-01-15T01:00:00.000Z', 2],
      ['2024-01-15T02:00:00.000Z', 3],
    ]);
    expect(out.total.heat_kwh).toBe(6);
  });

  it('--label start: the row at 01:00 is the energy of 01:00-02:00', async () => {
    const out = await energy(series('heat_kwh_interval', rows), '--interval', 'hour', '--label', 'start');
    expect(out.intervals.map((e) => [e.start, e.heat_kwh])).toEqual([
      ['2024-01-15T01:00:00.000Z', 1],
      ['2024-01-15T02:00:00.000Z', 2],
      ['2024-01-15T03:00:00.000Z', 3],
    ]);
  });

  it('heat and electricity interval files at their own rate give the COP per hour', async () => {
    // heat hourly, electricity every 30 minutes (0.25 + 0.25, 0.5 + 0.5 kWh): COP 2 then 2
    const heat = series('heat_kwh_interval', [
      [60, 1],
      [120, 2],
    ]);
    const elec = series('elec_kwh_interval', [
      [30, 0.25],
      [60, 0.25],
      [90, 0.5],
      [120, 0.5],
    ]);
    const out = await energy(heat, elec, '--interval', 'hour');
    expect(out.elec_basis).toBe('elec-register');
    expect(out.intervals.map((e) => [e.heat_kwh, e.elec_kwh, e.cop])).toEqual([
      [1, 0.5, 2],
      [2, 1, 2],
    ]);
  });

  it('a missing interval row is reported, and counts no energy', async () => {
    const out = await energy(
      series('heat_kwh_interval', [
        [60, 1],
        [120, 1],
        [240, 1],
      ]),
      '--interval',
      'total',
    );
    expect(out.total.heat_kwh).toBe(3);
    expect(codes(out)).toContain('interval-gap');
  });

  it('negative interval energy is refused naming file, line and column', async () => {
    const path = series('heat_kwh_interval', [
      [60, 1],
      [120, -1],
    ]);
    const r = await trec('energy', path);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${path}, line 3, field heat_kwh_interval (value -1): interval energy is negative`,
    );
  });

  it('an interval-energy file next to flow and temperatures cross-checks it (the integrator spreads it)', async () => {
    // 6.92 kW for 2 h; the meter's hourly file says 6.9 and 6.9 kWh: within the 5 % cross-check tolerance
    const out = await energy(
      series('flow_lpm', everyMinute(0, 120, 20)),
      series('supply_c', everyMinute(0, 120, 40)),
      series('return_c', everyMinute(0, 120, 35)),
      series('heat_kwh_interval', [
        [60, 6.9],
        [120, 6.9],
      ]),
      '--interval',
      'hour',
    );
    expect(out.heat_basis).toBe('flow-temperature');
    expect(codes(out).filter((c) => c !== 'stuck-sensor')).toEqual(['joined-files']);
    // and an hourly file that disagrees by 50 % is flagged
    const off = await energy(
      series('flow_lpm', everyMinute(0, 120, 20)),
      series('supply_c', everyMinute(0, 120, 40)),
      series('return_c', everyMinute(0, 120, 35)),
      series('heat_kwh_interval', [
        [60, 3.5],
        [120, 3.5],
      ]),
      '--interval',
      'hour',
    );
    expect(codes(off)).toContain('register-mismatch');
  });
});

describe('headers with units: the error lists them, the units and a map skeleton; --suggest-map', () => {
  const text =
    '"Datum/tijd";"Debiet [WP] [m³/h]";"Aanvoer (°C)";"Retour [°C]";"Warmte (kWh)";"Status"\n' +
    '2024-01-15T00:00Z;1,2;45,0;40,0;1,5;1\n';

  it('no canonical header: exit 2 with headers, units and skeleton', async () => {
    const path = file(text);
    const r = await trec('energy', path);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}, line 1: no time column`);
    expect(r.stderr).toContain('headers: "Datum/tijd", "Debiet [WP] [m³/h]", "Aanvoer (°C)"');
    expect(r.stderr).toContain('"Debiet [WP] [m³/h]": m3/h (flow_m3h)');
    expect(r.stderr).toContain('"Aanvoer (°C)": °C (supply_c or return_c or source_c)');
    expect(r.stderr).toContain(
      '"Warmte (kWh)": kWh (heat_kwh or heat_kwh_interval or elec_kwh or elec_kwh_interval)',
    );
    expect(r.stderr).toContain('--suggest-map');
  });

  it('--suggest-map prints the skeleton as JSON: guesses where the words tell, "?..." where they do not', async () => {
    const r = await trec('energy', file(text), '--suggest-map');
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({
      'Datum/tijd': 'time',
      'Debiet [WP] [m³/h]': 'flow_m3h',
      'Aanvoer (°C)': 'supply_c',
      'Retour [°C]': 'return_c',
      'Warmte (kWh)': 'heat_kwh',
      Status: null,
    });
  });

  it('a "?" left in the skeleton is refused as an unknown name when used as a map', async () => {
    const path = file('time;Temp [°C];flow_lpm;return_c\n2024-01-15T00:00Z;40;20;35\n');
    const suggested = await trec('energy', path, '--suggest-map');
    expect(suggested.json()).toEqual({ 'Temp [°C]': '?supply_c|return_c|source_c' });
    const mapPath = file(suggested.stdout, 'json');
    const r = await trec('energy', path, '--map', mapPath);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown name "?supply_c|return_c|source_c"');
  });
});

describe('--map entries must name a header some file has', () => {
  it('a typo in the map is an error naming the entry', async () => {
    const path = file('time,Debiet [m3/uur],supply_c,return_c\n2024-01-15T00:00Z,1.2,40,35\n');
    const mapPath = file(JSON.stringify({ 'Debiet [m3/h]': 'flow_m3h' }), 'json');
    const r = await trec('energy', path, '--map', mapPath);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the map names a header no file has: "Debiet [m3/h]"');
    expect(r.stderr).toContain('"Debiet [m3/uur]"'); // the headers the files do have
  });
});

describe('--decimal: a value ambiguous between a thousands separator and a decimal mark', () => {
  // heat_kw "1.000" for one hour: 1 kWh with a decimal point, 1000 kWh with a thousands separator
  const text =
    'time;heat_kw\n2024-01-15T00:00Z;1.000\n2024-01-15T00:15Z;1.000\n2024-01-15T00:30Z;1.000\n2024-01-15T00:45Z;1.000\n2024-01-15T01:00Z;1.000\n';

  it('is an error naming file, line, field and value, unless stated', async () => {
    const path = file(text);
    const r = await trec('energy', path);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}, line 2, field heat_kw (value "1.000"): ambiguous number`);
  });

  it('--decimal point reads 1.000 as 1, --decimal comma as 1000', async () => {
    const path = file(text);
    const point = await energy(path, '--decimal', 'point', '--interval', 'total');
    expect(point.total.heat_kwh).toBeCloseTo(1, 9);
    const comma = await energy(path, '--decimal', 'comma', '--interval', 'total');
    expect(comma.total.heat_kwh).toBeCloseTo(1000, 6);
  });

  it('--decimal comma on a comma-delimited file is refused', async () => {
    const r = await trec('energy', file('time,heat_kw\n2024-01-15T00:00Z,1.5\n'), '--decimal', 'comma');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('comma-delimited');
  });
});

describe('errors name their file', () => {
  it('a missing return column names the file', async () => {
    const path = file('time,flow_lpm,supply_c\n2024-01-15T00:00Z,20,40\n');
    const r = await trec('energy', path);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`error: ${path.replace(/[.]/g, '\\.')}.*missing return`));
  });

  it('a directory is exit 2 with its path', async () => {
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    const r = await trec('energy', sub);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`trec: error: ${sub}: is a directory, not a meter file\n`);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file is exit 2 with its path', async () => {
    const path = file('time,heat_kw\n2024-01-15T00:00Z,1\n');
    chmodSync(path, 0o000);
    const r = await trec('energy', path);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path);
    expect(r.stderr).toContain('permission denied');
  });

  it.skipIf(!existsSync('/proc/self/mem'))('a file whose read fails is exit 2 with its path', async () => {
    const r = await trec('energy', '/proc/self/mem'); // reading at offset 0 fails with EIO
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('trec: error: /proc/self/mem: cannot be read (EIO)\n');
  });

  it('a 10 MB header line is cut in the message, not echoed whole', async () => {
    const long = 'x'.repeat(10_000_000);
    const path = file(`time,${long}\n2024-01-15T00:00Z,1\n`);
    const r = await trec('energy', path);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path);
    expect(r.stderr).toContain('(10000000 characters)');
    expect(r.stderr.length).toBeLessThan(5000);
  });
});

describe('trec energy --help documents the multi-file options', () => {
  it('names --join exact|hold with the --max-gap default, --label, --decimal and --suggest-map', async () => {
    const r = await trec('energy', '--help');
    expect(r.code).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('Usage: trec energy [options] <file...>');
    expect(help).toContain('--join <how>');
    expect(help).toContain('choices: "exact", "hold", default: "exact"');
    expect(help).toMatch(
      /--max-gap <duration> longest sample gap that is bridged, and longest a value holds with --join hold .* \(default: 15m\)/,
    );
    expect(help).toContain('choices: "end", "start", default: "end"');
    expect(help).toContain('--decimal <mark>');
    expect(help).toContain('--suggest-map');
    expect(help).toContain('heat_kwh_interval');
  });
});

describe('long fields are cut in messages', () => {
  it('a 2 MB bad value is not echoed whole', async () => {
    const path = file(`time,heat_kw\n2024-01-15T00:00Z,${'9'.repeat(1000)}x${'9'.repeat(2_000_000)}\n`);
    const r = await trec('energy', path);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}, line 2, field heat_kw`);
    expect(r.stderr).toContain('(2001001 characters)');
    expect(r.stderr.length).toBeLessThan(1000);
  });
});
