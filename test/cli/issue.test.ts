// Issuance and the ledger through the CLI (issue 10's acceptance): 2.4 then 2.7 MWh give 2 then 3
// certificates; a period below the coverage threshold is held with its reason; the same period twice issues
// nothing; two concurrent `trec issue` processes issue once; a retired batch cannot be transferred; a
// changed, deleted or inserted ledger row makes `trec ledger verify` exit 3 naming it; `--verify` reproduces
// a batch. On a temp SQLite file always and on PostgreSQL when TREC_TEST_PG_URL is set.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.ts';
import { trec } from '../helpers/cli.ts';
import { REGISTRY_BACKENDS as backends, type Target } from '../helpers/registry-db.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
type Run = Awaited<ReturnType<typeof trec>>;

function ok(run: Run): Run {
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
  return run;
}
const idOf = (run: Run) => ok(run).json<{ id: string }>().id;

/**
 * An hourly interval-energy file (`heat_kwh_interval`, labelled at the hour's end) for `hours` hours from
 * `fromMs`, summing to exactly `totalWh`: every hour `perHourWh`, the last hour the rest (integers of Wh
 * written as kWh with three decimals, so the store's integer Wh are exact).
 */
function energyFile(path: string, fromMs: number, hours: number, totalWh: number, skipEvery = 0): void {
  const perHourWh = Math.floor(totalWh / hours);
  const lines = ['time,heat_kwh_interval'];
  let written = 0;
  for (let h = 0; h < hours; h++) {
    if (skipEvery && h % skipEvery === 0) continue;
    const wh = h === hours - 1 ? totalWh - written : perHourWh;
    written += wh;
    lines.push(`${new Date(fromMs + (h + 1) * 3_600_000).toISOString()},${(wh / 1000).toFixed(3)}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

const Q1_2026 = { from: Date.UTC(2026, 0, 1), hours: 90 * 24 };
const Q2_2026 = { from: Date.UTC(2026, 3, 1), hours: 91 * 24 };
const Q3_2026 = { from: Date.UTC(2026, 6, 1), hours: 92 * 24 };

interface IssuedLine {
  enrolment: string;
  certificates: number;
  energy_mwh: number;
  remainder_in_mwh: number;
  remainder_out_mwh: number;
  serial_first: string | null;
  serial_last: string | null;
  batch: string | null;
}
interface IssueJson {
  issued: IssuedLine[];
  held: { enrolment: string; reason: string }[];
  already_issued: { enrolment: string }[];
}

for (const backend of backends)
  describe.skipIf(backend.skip)(`trec issue and the ledger (${backend.name})`, () => {
    let target: Target;
    let db: string;
    let dir: string;
    beforeEach(async () => {
      target = await backend.open();
      db = target.db;
      dir = mkdtempSync(join(tmpdir(), 'trec-issue-'));
    });
    afterEach(async () => {
      rmSync(dir, { recursive: true, force: true });
      await target.close();
    });

    const run = (...args: string[]) => trec(...args, '--db', db, '--json');

    /** A metered air-to-water system in UTC under the proposed TREC (1 certificate = 1 MWh exact). */
    async function metered() {
      const org = idOf(await run('org', 'add', '--name', 'Pilot Org'));
      const site = idOf(
        await run('site', 'add', '--org', org, '--name', 'Lab', '--state', 'NY', '--tz', 'Etc/UTC'),
      );
      const system = idOf(
        await run(
          'system',
          'add',
          '--site',
          site,
          '--name',
          'AWHP',
          '--technology',
          'air-to-water',
          '--capacity-kw',
          '20',
          '--cop',
          '4',
          '--commissioned',
          '2025-12-01',
        ),
      );
      const meter = idOf(
        await run(
          'meter',
          'add',
          '--system',
          system,
          '--kind',
          'heat',
          '--fluid',
          'water',
          '--flow-sensor',
          'return',
          '--installed',
          '2025-12-01',
        ),
      );
      const enrolment = idOf(
        await run(
          'enrol',
          '--system',
          system,
          '--program',
          'proposed-air-to-water-trec',
          '--unit-id',
          'PILOT-1',
          '--start',
          '2026-01-01',
          '--pilot',
        ),
      );
      return { org, system, meter, enrolment };
    }

    /** `n` 4-ton Maryland ground-source systems on the GREC formula, in one organisation. */
    async function formula(n: number) {
      const org = idOf(await run('org', 'add', '--name', 'Chesapeake Thermal'));
      const site = idOf(
        await run(
          'site',
          'add',
          '--org',
          org,
          '--name',
          'Annapolis',
          '--state',
          'MD',
          '--tz',
          'America/New_York',
        ),
      );
      const enrolments: string[] = [];
      for (let i = 0; i < n; i++) {
        const system = idOf(
          await run(
            'system',
            'add',
            '--site',
            site,
            '--name',
            `GSHP-${i}`,
            '--technology',
            'ground-source',
            '--tons',
            '4',
            '--cop',
            '3.5',
            '--commissioned',
            '2024-05-01',
          ),
        );
        enrolments.push(
          idOf(
            await run(
              'enrol',
              '--system',
              system,
              '--program',
              'md-geothermal',
              '--method',
              'grec-formula',
              '--unit-id',
              `NON1000${i}`,
              '--start',
              '2026-01-01',
            ),
          ),
        );
      }
      return { org, enrolments };
    }

    // The proposal counts 3,412,000 BTU as 1 MWh (its rule file): one certificate is 3,412,000 x 1,055.05585262 J
    // = 999,958.4914 Wh. Q1: 2,400,000 Wh -> 2 certificates, 400,083.017 Wh left, carried as 400,083 Wh (whole Wh,
    // rounded down). Q2: 2,700,000 + 400,083 = 3,100,083 Wh -> 3 certificates, 100,207.5 Wh left -> 100,207 Wh.
    it('2.4 then 2.7 MWh give 2 then 3 certificates, the remainder carried', async () => {
      const m = await metered();
      energyFile(join(dir, 'q1.csv'), Q1_2026.from, Q1_2026.hours, 2_400_000);
      energyFile(join(dir, 'q2.csv'), Q2_2026.from, Q2_2026.hours, 2_700_000);
      ok(await run('ingest', join(dir, 'q1.csv'), '--meter', m.meter));
      ok(await run('ingest', join(dir, 'q2.csv'), '--meter', m.meter));
      const q1 = ok(await run('issue', '--period', '2026-Q1')).json<IssueJson>();
      expect(
        q1.issued.map((l) => [l.energy_mwh, l.certificates, l.remainder_in_mwh, l.remainder_out_mwh]),
      ).toEqual([[2.4, 2, 0, 0.400083]]);
      const q2 = ok(await run('issue', '--period', '2026-Q2')).json<IssueJson>();
      expect(
        q2.issued.map((l) => [l.energy_mwh, l.certificates, l.remainder_in_mwh, l.remainder_out_mwh]),
      ).toEqual([[2.7, 3, 0.400083, 0.100207]]);
      // Serial ranges of one unit and vintage are readable and counted from 1.
      expect(q1.issued[0]?.serial_first).toMatch(/PILOT-1\/2026-Q1\/0+1$/);
      expect(q1.issued[0]?.serial_last).toMatch(/PILOT-1\/2026-Q1\/0+2$/);
      // The same period again issues nothing new.
      const again = ok(await run('issue', '--period', '2026-Q2')).json<IssueJson>();
      expect(again.issued).toEqual([]);
      expect(again.already_issued.map((a) => a.enrolment)).toEqual([m.enrolment]);
      // --verify recomputes the batch from the stored data and the rule version.
      const batch = q2.issued[0]?.batch ?? '';
      const shown = ok(await run('certificates', 'show', batch, '--verify')).json<{
        verification: { reproduced: boolean };
      }>();
      expect(shown.verification.reproduced).toBe(true);
    });

    /** A 5-ton (60,000 BTU/h) Massachusetts air-source unit: APS size class small (<= 134,000 BTU/h). */
    async function smallMassachusetts() {
      const org = idOf(await run('org', 'add', '--name', 'Worcester Heat'));
      const site = idOf(
        await run('site', 'add', '--org', org, '--name', 'Home', '--state', 'MA', '--tz', 'Etc/UTC'),
      );
      const system = idOf(
        await run(
          ...['system', 'add', '--site', site, '--name', 'ASHP', '--technology', 'air-to-water'],
          ...['--tons', '5', '--cop', '3', '--commissioned', '2025-09-01'],
        ),
      );
      const meter = idOf(
        await run(
          ...['meter', 'add', '--system', system, '--kind', 'heat', '--fluid', 'water'],
          ...['--flow-sensor', 'return', '--installed', '2025-09-01'],
        ),
      );
      return { system, meter };
    }
    const enrolMa = (system: string, ...more: string[]) =>
      run(
        'enrol',
        '--system',
        system,
        '--program',
        'ma-aps-air-source',
        '--method',
        'metered',
        '--start',
        '2026-01-01',
        ...more,
      );

    /** Q1 2026 hourly, heat and electricity interval energy summing to exactly heatWh and elecWh. */
    function netFile(path: string, heatWh: number, elecWh: number): void {
      const hours = Q1_2026.hours;
      const lines = ['time,heat_kwh_interval,elec_kwh_interval'];
      let h0 = 0;
      let e0 = 0;
      for (let h = 0; h < hours; h++) {
        const last = h === hours - 1;
        const hw = last ? heatWh - h0 : Math.floor(heatWh / hours);
        const ew = last ? elecWh - e0 : Math.floor(elecWh / hours);
        h0 += hw;
        e0 += ew;
        const at = new Date(Q1_2026.from + (h + 1) * 3_600_000).toISOString();
        lines.push(`${at},${(hw / 1000).toFixed(3)},${(ew / 1000).toFixed(3)}`);
      }
      writeFileSync(path, lines.join('\n') + '\n');
    }

    // Massachusetts lists two multipliers for a small air-source unit (2 when it supplies less than 100 % of
    // the heating load, 3 otherwise) and "a unit keeps the multiplier given at qualification": enrolment must
    // choose. Counted energy is net of electricity: 3,000,000 - 1,000,000 = 2,000,000 Wh; the AEC is 1 MWh
    // (exact, 10^6 Wh, its rule file): 2 MWh x 2 = 4 certificates (by hand).
    it('a small Massachusetts air-source unit: enrolment names the multipliers to choose; 2 gives 4 AECs for 2 net MWh', async () => {
      const ma = await smallMassachusetts();
      const refused = await enrolMa(ma.system);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/--multiplier/);
      expect(refused.stderr).toMatch(
        /2 \(air-source, small, supplying less than 100 % of the building heating load\); 3 \(air-source, small, all other\)/,
      );
      const enrolled = ok(await enrolMa(ma.system, '--multiplier', '2')).json<{
        id: string;
        multiplier: number;
      }>();
      expect(enrolled.multiplier).toBe(2);
      netFile(join(dir, 'q1.csv'), 3_000_000, 1_000_000);
      ok(await run('ingest', join(dir, 'q1.csv'), '--meter', ma.meter));
      const q1 = ok(await run('issue', '--period', '2026-Q1')).json<IssueJson>();
      expect(q1.held).toEqual([]);
      expect(q1.issued.map((l) => [l.enrolment, l.energy_mwh, l.certificates])).toEqual([
        [enrolled.id, 2, 4],
      ]);
    });

    it('a multiplier the program does not list is kept with a warning', async () => {
      const ma = await smallMassachusetts();
      const enrolled = ok(await enrolMa(ma.system, '--multiplier', '5')).json<{
        multiplier: number;
        checks: { code: string; severity: string }[];
      }>();
      expect(enrolled.multiplier).toBe(5);
      expect(enrolled.checks).toContainEqual(
        expect.objectContaining({ code: 'multiplier-not-in-program', severity: 'warning' }),
      );
    });

    // The electricity in its own meter (a registered electricity meter): heat 3,000,000 Wh on the heat meter,
    // electricity 1,000,000 Wh on the electricity meter -> 2,000,000 Wh net x 2 = 4 AECs (by hand).
    it("a Massachusetts unit's electricity from its own electricity meter is netted", async () => {
      const ma = await smallMassachusetts();
      const elec = idOf(
        await run(
          'meter',
          'add',
          '--system',
          ma.system,
          '--kind',
          'electricity',
          '--installed',
          '2025-09-01',
        ),
      );
      const enrolled = idOf(await enrolMa(ma.system, '--multiplier', '2'));
      energyFile(join(dir, 'heat.csv'), Q1_2026.from, Q1_2026.hours, 3_000_000);
      netFile(join(dir, 'both.csv'), 3_000_000, 1_000_000);
      writeFileSync(
        join(dir, 'elec.csv'),
        readFileSync(join(dir, 'both.csv'), 'utf8')
          .split('\n')
          .map((l) =>
            l
              .split(',')
              .filter((_, k) => k !== 1)
              .join(','),
          )
          .join('\n'),
      );
      // heat data into the electricity meter is refused, naming what is wrong
      const wrong = await run('ingest', join(dir, 'heat.csv'), '--meter', elec);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(/heat energy: an electricity meter's file has electricity only/);
      ok(await run('ingest', join(dir, 'heat.csv'), '--meter', ma.meter));
      ok(await run('ingest', join(dir, 'elec.csv'), '--meter', elec));
      const q1 = ok(await run('issue', '--period', '2026-Q1')).json<IssueJson>();
      expect(q1.held).toEqual([]);
      expect(q1.issued.map((l) => [l.enrolment, l.energy_mwh, l.certificates])).toEqual([[enrolled, 2, 4]]);
    });

    // Gross heat must never be certified under a net-of-electricity rule because the electricity is missing.
    it('a Massachusetts quarter with heat but no electricity measured is held, naming it', async () => {
      const ma = await smallMassachusetts();
      ok(await enrolMa(ma.system, '--multiplier', '3'));
      energyFile(join(dir, 'q1.csv'), Q1_2026.from, Q1_2026.hours, 3_000_000);
      ok(await run('ingest', join(dir, 'q1.csv'), '--meter', ma.meter));
      const q1 = ok(await run('issue', '--period', '2026-Q1')).json<IssueJson>();
      expect(q1.issued).toEqual([]);
      expect(q1.held).toHaveLength(1);
      expect(q1.held[0]?.reason).toMatch(/no electricity was measured/);
    });

    it('holds a period below the coverage threshold, naming the coverage and the 90 % default', async () => {
      const m = await metered();
      // Data for the first 1,766 of Q3's 2,208 hours (80.0 %): the last 442 hours are missing.
      energyFile(join(dir, 'q3.csv'), Q3_2026.from, 1766, 3_000_000);
      ok(await run('ingest', join(dir, 'q3.csv'), '--meter', m.meter));
      const r = ok(await run('issue', '--period', '2026-Q3')).json<IssueJson>();
      expect(r.issued).toEqual([]);
      expect(r.held).toHaveLength(1);
      expect(r.held[0]?.reason).toMatch(/coverage 79\.9 % of 2,208 h is below the 90 % TREC default/);
      // Held means nothing was written: the period can be issued once the data is complete.
      const certs = ok(await run('certificates')).json<{ batches: unknown[] }>();
      expect(certs.batches).toEqual([]);
    });

    it('--dry-run changes nothing; a month of a quarterly program is refused', async () => {
      await formula(1);
      const dry = ok(await run('issue', '--period', '2026-Q3', '--dry-run')).json<IssueJson>();
      expect(dry.issued).toHaveLength(1);
      expect(dry.issued[0]?.batch).toBeNull();
      expect(ok(await run('certificates')).json<{ batches: unknown[] }>().batches).toEqual([]);
      const month = await run('issue', '--period', '2026-07');
      expect(month.code).toBe(2);
      expect(month.stderr).toMatch(/--period.*issues by quarter/);
    });

    it(
      'two trec issue processes started together issue each enrolment once',
      { timeout: 120_000 },
      async () => {
        const { enrolments } = await formula(6);
        const child = () =>
          new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
            const p = spawn(
              process.execPath,
              [join(ROOT, 'bin', 'trec'), 'issue', '--period', '2026-Q3', '--db', db, '--json'],
              {
                env: { ...process.env, TREC_FROM_SOURCES: process.env.TREC_FROM_SOURCES ?? '' },
              },
            );
            let stdout = '';
            let stderr = '';
            p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
            p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
            p.on('close', (code) => done({ code, stdout, stderr }));
          });
        const [a, b] = await Promise.all([child(), child()]);
        expect([a.code, b.code, a.stderr + b.stderr]).toEqual([0, 0, '']);
        const issued = [a, b].flatMap((r) =>
          (JSON.parse(r.stdout) as IssueJson).issued.map((l) => l.enrolment),
        );
        expect(issued.sort()).toEqual([...enrolments].sort());
        const certs = ok(await run('certificates')).json<{ batches: { serial_first: string }[] }>();
        expect(certs.batches).toHaveLength(6);
        expect(new Set(certs.batches.map((x) => x.serial_first)).size).toBe(6);
        const verify = await run('ledger', 'verify');
        expect(verify.code).toBe(0);
      },
    );

    it('split parts cover the parent; a retired batch cannot be transferred; a pending transfer waits', async () => {
      const { org } = await formula(1);
      const issued = ok(await run('issue', '--period', '2026-Q3')).json<IssueJson>();
      const line = issued.issued[0];
      if (!line?.batch) throw new Error('nothing issued');
      const other = ok(await run('org', 'add', '--name', 'Buyer')).json<{ default_account_id: string }>()
        .default_account_id;
      const t = ok(await run('transfer', line.batch, '--to', other, '--quantity', '10')).json<{
        batch: { id: string; quantity: number; status: string; serial_first: string; serial_last: string };
        transfer: { id: string; status: string };
      }>();
      expect([t.batch.quantity, t.batch.status, t.transfer.status]).toEqual([10, 'pending', 'pending']);
      expect(t.batch.serial_first).toBe(line.serial_first);
      const all = ok(await run('certificates', '--status', 'active')).json<{
        batches: { serial_first: string; serial_last: string; quantity: number }[];
      }>();
      const kept = all.batches[0];
      expect(kept?.quantity).toBe(line.certificates - 10);
      expect(kept?.serial_last).toBe(line.serial_last);
      // The pending part cannot be retired; once accepted it can.
      const early = await run('retire', t.batch.id, '--beneficiary', 'x', '--reason', 'y');
      expect(early.code).toBe(2);
      expect(early.stderr).toMatch(/is pending/);
      ok(await run('transfer', 'accept', t.transfer.id));
      ok(await run('retire', t.batch.id, '--beneficiary', 'Harbor customers', '--reason', 'voluntary'));
      const moved = await run('transfer', t.batch.id, '--to', org);
      expect(moved.code).toBe(2);
      expect(moved.stderr).toMatch(/is retired/);
      expect(ok(await run('ledger', 'verify')).json<{ ok: boolean }>().ok).toBe(true);
    });

    it('trec ledger verify exits 3 naming the changed, deleted or inserted event', async () => {
      await formula(2);
      ok(await run('issue', '--period', '2026-Q3'));
      const kdb = openDatabase(db);
      try {
        const verify = async () => {
          const r = await run('ledger', 'verify');
          return {
            code: r.code,
            json: r.json<{ ok: boolean; first_broken: { seq: number | null; reason: string } | null }>(),
          };
        };
        expect((await verify()).code).toBe(0);
        // Changed: the first event's payload edited behind TREC's back.
        const first = await sql<{
          payload_json: string;
        }>`select payload_json from ledger_events where seq = 1`.execute(kdb);
        const original = first.rows[0]?.payload_json ?? '';
        await sql`update ledger_events set payload_json = ${original.replace(/"quantity":(\d+)/, '"quantity":999')} where seq = 1`.execute(
          kdb,
        );
        const changed = await verify();
        expect(changed.code).toBe(3);
        expect(changed.json.first_broken?.seq).toBe(1);
        await sql`update ledger_events set payload_json = ${original} where seq = 1`.execute(kdb);
        expect((await verify()).code).toBe(0);
        // Deleted: the last event removed.
        const last = await sql<Record<string, unknown>>`select * from ledger_events where seq = 2`.execute(
          kdb,
        );
        await sql`delete from ledger_events where seq = 2`.execute(kdb);
        const deleted = await verify();
        expect(deleted.code).toBe(3);
        expect(deleted.json.ok).toBe(false);
        // Inserted: a forged event with a made-up hash.
        const row = last.rows[0] ?? {};
        await sql`insert into ledger_events (seq, at, actor, type, payload_json, prev_hash, hash) values (${2}, ${row.at}, ${'forger'}, ${row.type}, ${row.payload_json}, ${row.prev_hash}, ${'0'.repeat(64)})`.execute(
          kdb,
        );
        const inserted = await verify();
        expect(inserted.code).toBe(3);
        expect(inserted.json.first_broken?.seq).toBe(2);
      } finally {
        await kdb.destroy();
      }
    });
  });
