// trec ingest and trec data on a real store: a SQLite temp file always, PostgreSQL (a schema of its own per
// run) when TREC_TEST_PG_URL is set. The registry is made through the store's repository functions.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/index.ts';
import { filePorts } from '../../src/ingest/catalogues.ts';
import { kyselyIntervalStore } from '../../src/store/interval-port.ts';
import { sequentialIds } from '../../src/store/index.ts';
import { trec } from '../helpers/cli.ts';
import {
  INGEST_BACKENDS,
  meterFile,
  register,
  tableState,
  type Registered,
  type TestDb,
} from './ingest-helpers.ts';

/** 2024-11-02 00:00 in New York (EDT, UTC-4); the clocks go back on 2024-11-03 at 02:00. */
const START = Date.UTC(2024, 10, 2, 4);
const DAYS = 7;

interface Interval {
  start: string;
  end: string;
  heat_kwh: number;
  elec_kwh: number | null;
  cool_kwh: number;
  defrost_kwh: number;
  coverage: number;
}
interface EnergyJson {
  intervals: Interval[];
  total: Interval;
}

const wh = (kwh: number | null) => Math.round((kwh ?? NaN) * 1000);

for (const backend of INGEST_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`trec ingest and data, ${backend.name}`, () => {
    let t: TestDb;
    let reg: Registered;
    let week: string;
    const user = process.env.TREC_USER;

    beforeAll(async () => {
      process.env.TREC_USER = 'ingest-tester';
      t = await backend.create();
      reg = await register(t);
      week = meterFile(join(t.dir, 'week.csv'), START, (DAYS * 24 + 1) * 60);
    });
    afterAll(async () => {
      if (user === undefined) delete process.env.TREC_USER;
      else process.env.TREC_USER = user;
      await t.close();
    });

    const db = () => ['--db', t.target];

    it('stores a week of 1-minute data as hours, with its upload (file, hash, size, rows, range, who)', async () => {
      const r = await trec('ingest', week, '--meter', reg.meterId, ...db(), '--json');
      expect(r.stderr).toBe(''); // no progress bar when not on a terminal
      expect(r.code).toBe(0);
      const j = r.json<{ already_ingested: boolean; id: string; upload: Record<string, unknown> }>();
      expect(j.already_ingested).toBe(false);
      expect(j.id).toMatch(/^upl_/);
      // 7 days of 24 hours, and the repeated hour of 2024-11-03 (a 25-hour day).
      expect(j.upload).toMatchObject({
        file_name: week,
        sha256: createHash('sha256').update(readFileSync(week)).digest('hex'),
        size_bytes: statSync(week).size,
        rows: (DAYS * 24 + 1) * 60,
        intervals: DAYS * 24 + 1,
        start: '2024-11-02T00:00:00-04:00',
        start_utc: '2024-11-02T04:00:00.000Z',
        end: '2024-11-09T00:00:00-05:00',
        end_utc: '2024-11-09T05:00:00.000Z',
        time_zone: 'America/New_York',
        sent_by: 'ingest-tester',
      });
    });

    it('the same file again changes no table and says it was already ingested', async () => {
      const before = await tableState(t);
      expect(before.counts.interval_energy).toBe(DAYS * 24 + 1);
      const r = await trec('ingest', week, '--meter', reg.meterId, ...db(), '--json');
      expect(r.code).toBe(0);
      expect(r.json<{ already_ingested: boolean }>().already_ingested).toBe(true);
      const human = await trec('ingest', week, '--meter', reg.meterId, ...db());
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^already ingested: .*nothing changed/);
      expect(await tableState(t)).toEqual(before);
    });

    it('trec data agrees with trec energy on the same file to the Wh: hours, days and total', async () => {
      for (const interval of ['hour', 'day'] as const) {
        const e = await trec('energy', week, '--tz', 'America/New_York', '--interval', interval, '--json');
        expect(e.code).toBe(0);
        const d = await trec(
          'data',
          '--system',
          reg.systemId,
          '--from',
          '2024-11-02',
          '--to',
          '2024-11-09',
          '--interval',
          interval,
          ...db(),
          '--json',
        );
        expect(d.stderr).toBe('');
        expect(d.code).toBe(0);
        const energy = e.json<EnergyJson>();
        const data = d.json<EnergyJson>();
        expect(data.intervals.map((x) => [x.start, x.end])).toEqual(
          energy.intervals.map((x) => [x.start, x.end]),
        );
        expect(data.intervals.length).toBe(interval === 'hour' ? DAYS * 24 + 1 : DAYS);
        data.intervals.forEach((x, k) => {
          const y = energy.intervals[k]!;
          // Each stored hour is the difference of rounded running totals: within 1 Wh of its own figure.
          expect(Math.abs(x.heat_kwh - y.heat_kwh)).toBeLessThanOrEqual(0.001 + 1e-9);
          expect(Math.abs(x.elec_kwh! - y.elec_kwh!)).toBeLessThanOrEqual(0.001 + 1e-9);
          expect(x.cool_kwh).toBe(0);
          expect(x.coverage).toBeCloseTo(y.coverage, 3);
        });
        // The whole file's sums are trec energy's totals rounded to the Wh, exactly.
        expect(wh(data.total.heat_kwh)).toBe(wh(energy.total.heat_kwh));
        expect(wh(data.total.elec_kwh)).toBe(wh(energy.total.elec_kwh));
        expect(data.total.heat_kwh).toBeGreaterThan(500);
        // The same keys as trec energy's intervals.
        expect(Object.keys(data.intervals[0]!).sort()).toEqual(Object.keys(energy.intervals[0]!).sort());
      }
    });

    it('trec data: --from inclusive, --to exclusive, in the site zone; by month', async () => {
      const d = await trec(
        'data',
        '--system',
        reg.systemId,
        '--from',
        '2024-11-03',
        '--to',
        '2024-11-04',
        '--interval',
        'hour',
        ...db(),
        '--json',
      );
      expect(d.code).toBe(0);
      const j = d.json<EnergyJson>();
      expect(j.intervals.length).toBe(25); // the day the clocks went back
      expect(j.intervals[0]!.start).toBe('2024-11-03T00:00:00-04:00');
      expect(j.intervals[24]!.end).toBe('2024-11-04T00:00:00-05:00');
      const m = await trec(
        'data',
        '--system',
        reg.systemId,
        '--from',
        '2024-11-01',
        '--to',
        '2024-12-01',
        '--interval',
        'month',
        ...db(),
        '--json',
      );
      const month = m.json<EnergyJson>();
      expect(month.intervals.map((x) => [x.start, x.end])).toEqual([
        ['2024-11-01T00:00:00-04:00', '2024-12-01T00:00:00-05:00'],
      ]);
    });

    it('an overlapping file is refused naming the range in the site zone and UTC; --replace replaces it', async () => {
      // Two days from 2024-11-08 00:00 local: its first day overlaps the stored week's last.
      const next = meterFile(join(t.dir, 'next.csv'), Date.UTC(2024, 10, 8, 5), 2 * 1440, 60, 7);
      const before = await tableState(t);
      const r = await trec('ingest', next, '--meter', reg.meterId, ...db());
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        '24 hour(s) already stored for the meter, 2024-11-08T00:00:00-05:00 to 2024-11-09T00:00:00-05:00 (2024-11-08T05:00:00.000Z to 2024-11-09T05:00:00.000Z)',
      );
      expect(r.stderr).toContain('--replace');
      expect(await tableState(t)).toEqual(before);
      const replaced = await trec('ingest', next, '--meter', reg.meterId, ...db(), '--replace', '--json');
      expect(replaced.code).toBe(0);
      expect(replaced.json<{ replaced_hours: number; stored_hours: number }>()).toMatchObject({
        replaced_hours: 24,
        stored_hours: 48,
      });
      expect((await tableState(t)).counts.interval_energy).toBe(DAYS * 24 + 1 - 24 + 48);
    });

    it('the data use case run directly gives the JSON the CLI prints', async () => {
      const database = t.open();
      try {
        const intervals = kyselyIntervalStore({
          db: () => Promise.resolve(database),
          ids: sequentialIds(),
          clock: { now: () => 0 },
          by: 'direct',
        });
        const app = createApp({ ...filePorts(), intervals });
        const input = {
          system: reg.systemId,
          from: '2024-11-02',
          to: '2024-11-05',
          interval: 'day',
        } as const;
        const direct = app.present('data', await app.run('data', input));
        const cli = await trec(
          'data',
          '--system',
          reg.systemId,
          '--from',
          '2024-11-02',
          '--to',
          '2024-11-05',
          '--interval',
          'day',
          ...db(),
          '--json',
        );
        expect(cli.json()).toEqual(direct);
      } finally {
        await database.destroy();
      }
    });

    it('bin/trec with stderr piped draws no progress bar', () => {
      const bin = join(import.meta.dirname, '..', '..', 'bin', 'trec');
      const r = spawnSync(process.execPath, [bin, 'ingest', week, '--meter', reg.meterId, ...db()], {
        encoding: 'utf8',
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^already ingested/);
      expect(r.stderr).toBe('');
    });

    it('an unknown meter or system is an error naming it', async () => {
      const r = await trec('ingest', week, '--meter', 'mtr_nope', ...db());
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--meter (value "mtr_nope"): no such meter is registered');
      const d = await trec(
        'data',
        '--system',
        'sys_nope',
        '--from',
        '2024-11-01',
        '--to',
        '2024-11-02',
        ...db(),
      );
      expect(d.code).toBe(2);
      expect(d.stderr).toContain('--system (value "sys_nope"): no such system is registered');
    });
  });
}
