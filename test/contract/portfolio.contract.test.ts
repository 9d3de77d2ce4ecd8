/* eslint-disable @typescript-eslint/no-unsafe-return -- answers are plain JSON, read untyped by design (as in test/contract) */
// The portfolio (issue 12, GET /v1/portfolio) as a contract: the same questions to the use case directly and
// over HTTP (an admin token), on a registry seeded through the use cases, with the answers by hand. On
// SQLite always, on PostgreSQL when TREC_TEST_PG_URL is set.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/index.ts';
import { InputError } from '../../src/core/index.ts';
import { createFileApp, lazyRegistry } from '../../src/main.ts';
import { lazyStore } from '../../src/store/open-config.ts';
import { REGISTRY_BACKENDS, type Target } from '../helpers/registry-db.ts';
import { httpRunner } from './http-runner.ts';
import type { ContractSuite, ResultJson, Runner } from './harness.ts';

type Json = ResultJson;

const suite: ContractSuite<'portfolio'> = { useCase: 'portfolio', command: [], cases: [] };

/** The use case itself, with the registry and interval store of `db`. */
const direct: Runner = {
  name: 'app',
  async ask(_suite, input) {
    const db = String((input as Json).db);
    const registry = lazyRegistry({ db, actor: 'contract' });
    const store = lazyStore(db, { TREC_USER: 'contract' });
    const app = createFileApp({}, registry.access, store.intervals, registry.tokens);
    try {
      return { json: app.present('portfolio', await app.run('portfolio', input)) };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { error: { field: String(error.where.path?.join('.')), detail: error.detail } };
    } finally {
      await store.close();
      await registry.close();
    }
  },
};

const run = async (app: App, name: Parameters<App['run']>[0], input: Json): Promise<Json> =>
  app.present(name, await app.run(name, input));

/** A constant-power heat meter file: 6 kW of heat and 2 kW of electricity, one sample a minute. */
function constantPower(file: string, startMs: number, hours: number) {
  const lines = ['time,heat_kw,elec_kw'];
  for (let k = 0; k <= hours * 60; k++) lines.push(`${new Date(startMs + k * 60_000).toISOString()},6,2`);
  writeFileSync(file, lines.join('\n') + '\n');
}

interface Seeded {
  gshp: Json;
  awhp: Json;
  other: Json;
}

/**
 * Chesapeake Thermal: GSHP-1 (4 tons, COP 3.5, Maryland, the GREC formula from 2024-01-01) issued for
 * 2024-Q1, 10 of its certificates sold to Harbor Utility (accepted), 5 retired; Laundry AWHP (New York)
 * with 48 hours of 6 kW heat and 2 kW electricity from 2024-03-01 00:00 local. Harbor Utility has a system
 * of its own without data.
 */
async function seed(db: string, dir: string): Promise<Seeded> {
  const registry = lazyRegistry({ db, actor: 'contract' });
  const store = lazyStore(db, { TREC_USER: 'contract' });
  const app = createFileApp({}, registry.access, store.intervals, registry.tokens);
  try {
    const org = await run(app, 'orgAdd', { name: 'Chesapeake Thermal' });
    const buyer = await run(app, 'orgAdd', { name: 'Harbor Utility' });
    const site = (o: Json, name: string, state: string) =>
      run(app, 'siteAdd', { org: o.id, name, state, tz: 'America/New_York' });
    const md = await site(org, 'Annapolis house', 'MD');
    const ny = await site(org, 'Laundry, Brooklyn', 'NY');
    const harbor = await site(buyer, 'Harbor depot', 'MD');
    const gshp = await run(app, 'systemAdd', {
      site: md.id,
      name: 'GSHP-1',
      technology: 'ground-source',
      tons: 4,
      cop: 3.5,
      commissioned: '2023-05-01',
    });
    await run(app, 'enrol', {
      system: gshp.id,
      program: 'md-geothermal',
      method: 'grec-formula',
      unitId: 'NON12345',
      start: '2024-01-01',
    });
    const awhp = await run(app, 'systemAdd', {
      site: ny.id,
      name: 'Laundry AWHP',
      technology: 'air-to-water',
      capacityKw: 40,
      cop: 4.2,
      commissioned: '2024-02-01',
    });
    const meter = await run(app, 'meterAdd', {
      system: awhp.id,
      kind: 'heat',
      fluid: 'water',
      flowSensor: 'return',
      meterClass: 2,
      qpM3h: 2.5,
      dtMinK: 3,
    });
    await run(app, 'enrol', {
      system: awhp.id,
      program: 'proposed-air-to-water-trec',
      unitId: 'TREC-PILOT-1',
      start: '2024-03-01',
      pilot: true,
    });
    const other = await run(app, 'systemAdd', {
      site: harbor.id,
      name: 'Harbor GSHP',
      technology: 'ground-source',
      tons: 2,
      cop: 3.2,
      commissioned: '2024-01-01',
    });
    const file = join(dir, 'laundry-48h.csv');
    constantPower(file, Date.UTC(2024, 2, 1, 5), 48); // 2024-03-01T00:00-05:00
    await run(app, 'ingest', { files: [file], meter: meter.id });
    const issued = await run(app, 'issue', { period: '2024-Q1', program: 'md-geothermal', dryRun: false });
    const batch = (issued.issued as Json[])[0]?.batch as string;
    const moved = await run(app, 'transfer', { batch, to: buyer.default_account_id, quantity: 10 });
    await run(app, 'transferDecide', { transfer: moved.transfer.id, decision: 'accept' });
    const kept = ((await run(app, 'certificates', { status: 'active' })).batches as Json[]).find(
      (b) => b.account === org.default_account_id,
    );
    await run(app, 'retire', {
      batch: kept?.id,
      quantity: 5,
      beneficiary: 'Annapolis customers',
      reason: 'voluntary',
      claimPeriod: '2024-Q1',
    });
    return { gshp, awhp, other };
  } finally {
    await store.close();
    await registry.close();
  }
}

/** The quarter before the one holding now (the dry run's default period for a quarterly program), as YYYY-Qn. */
function lastEndedQuarter(nowMs: number): string {
  // America/New_York is UTC-5 or -4: a day's margin either side of a quarter's start is not needed here
  // (the tests do not run within hours of a quarter's change, and if they do, they say which quarter).
  const d = new Date(nowMs);
  const q = Math.floor(d.getUTCMonth() / 3);
  return q === 0 ? `${d.getUTCFullYear() - 1}-Q4` : `${d.getUTCFullYear()}-Q${q}`;
}

for (const backend of REGISTRY_BACKENDS)
  describe.skipIf(backend.skip)(`contract: portfolio (${backend.name})`, () => {
    let target: Target;
    let s: Seeded;
    const dir = mkdtempSync(join(tmpdir(), 'trec-portfolio-'));
    beforeAll(async () => {
      target = await backend.open();
      s = await seed(target.db, dir);
    }, 120_000);
    afterAll(async () => {
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    });

    for (const runner of [direct, httpRunner])
      describe(`through ${runner.name}`, () => {
        const ask = async (input: Json): Promise<Json> => {
          const a = await runner.ask(suite, { db: target.db, ...input });
          if (!('json' in a)) throw new Error(`refused: ${a.error.detail}`);
          return a.json;
        };

        it('the whole scope: systems, stored heat, certificates by period and program, by hand', async () => {
          const j = await ask({});
          expect(j.next_after).toBeNull();
          expect(j.systems.map((x: Json) => x.name)).toEqual(['GSHP-1', 'Laundry AWHP', 'Harbor GSHP']);
          // 48 h x 6 kW = 288 kWh of heat; 48 h x 2 kW = 96 kWh of electricity.
          expect(j.totals).toMatchObject({
            systems: 3,
            heat_wh: 288_000,
            heat_mwh: 0.288,
            elec_wh: 96_000,
            certificates_issued: 107,
          });
          expect(j.months).toEqual([
            {
              month: '2024-03',
              systems: 1,
              heat_wh: 288_000,
              heat_mwh: 0.288,
              cool_wh: 0,
              elec_wh: 96_000,
              elec_mwh: 0.096,
            },
          ]);
          // GREC formula: 4 tons x 12,000 BTU/h x 3.5 x 2,183 h (2024-Q1 in Maryland: 744 + 696 + 743) /
          // 3,412,000 BTU/MWh = 107.49 MWh: 107 certificates; 10 sold and accepted, 5 retired, 92 active.
          expect(j.by_period).toEqual([
            {
              period: '2024-Q1',
              program: 'md-geothermal',
              unit: 'MWh',
              issuances: 1,
              certificates: 107,
              energy_wh: expect.any(Number),
              // the issuer's own figure (its proration and constants: test/core/issuance), to 0.05 MWh
              energy_mwh: expect.closeTo((4 * 12_000 * 3.5 * 2183) / 3_412_000, 1),
              adjustment_wh: 0,
              active: 92,
              pending: 0,
              retired: 5,
              withdrawn: 0,
              held_elsewhere: 10,
            },
          ]);
        });

        it('per system: months from the daily rollup, coverage, certificates, held periods, alerts', async () => {
          const j = await ask({});
          const [gshp, awhp] = j.systems as [Json, Json];
          expect(gshp.id).toBe(s.gshp.id);
          expect(gshp.meters).toEqual({ heat: 0, electricity: 0 });
          expect(gshp.months).toEqual([]);
          expect(gshp.certificates).toEqual({
            issued: 107,
            by_period: [
              expect.objectContaining({
                period: '2024-Q1',
                program: 'md-geothermal',
                certificates: 107,
                active: 92,
                retired: 5,
                held_elsewhere: 10,
              }),
            ],
          });
          expect(awhp.id).toBe(s.awhp.id);
          expect(awhp.site).toMatchObject({ name: 'Laundry, Brooklyn', state: 'NY' });
          expect(awhp.enrolments).toEqual([
            expect.objectContaining({ program_id: 'proposed-air-to-water-trec', pilot: true }),
          ]);
          // March 2024 in New York has 743 h (the spring DST hour missing); 48 of them stored, 6 kWh each.
          expect(awhp.months).toEqual([
            {
              month: '2024-03',
              hours: 743,
              stored_hours: 48,
              error_hours: 0,
              heat_wh: 288_000,
              heat_mwh: 0.288,
              cool_wh: 0,
              elec_wh: 96_000,
              coverage: expect.closeTo(48 / 743, 9),
            },
          ]);
          expect(awhp.energy).toMatchObject({ heat_wh: 288_000, elec_wh: 96_000, hours: 48, error_hours: 0 });
          // 48 / 743 = 6.5 % of the month: under the 90 % TREC default.
          expect(awhp.alerts).toEqual([
            expect.objectContaining({
              code: 'low-coverage',
              severity: 'warning',
              month: '2024-03',
              message: expect.stringContaining('6.5 %'),
            }),
          ]);
          // The last ended quarter has no data: held, with the issuer's own coverage reason.
          const quarter = lastEndedQuarter(Date.now());
          expect(awhp.held).toEqual([
            expect.objectContaining({
              program: 'proposed-air-to-water-trec',
              period: quarter,
              reason: expect.stringMatching(/coverage|no data|no stored/i),
            }),
          ]);
          expect(gshp.held).toEqual([]);
        });

        it('pages by id: limit and after, next_after, the totals of the whole scope on every page', async () => {
          const first = await ask({ limit: 2 });
          expect(first.systems.map((x: Json) => x.id)).toEqual([s.gshp.id, s.awhp.id]);
          expect(first.next_after).toBe(s.awhp.id);
          const second = await ask({ limit: 2, after: first.next_after });
          expect(second.systems.map((x: Json) => x.id)).toEqual([s.other.id]);
          expect(second.next_after).toBeNull();
          expect(second.totals.systems).toBe(3);
          expect(second.systems[0].certificates).toEqual({ issued: 0, by_period: [] });
        });

        it('refuses a limit outside 1 to 1000, at limit', async () => {
          const a = await runner.ask(suite, { db: target.db, limit: 1001 });
          expect('error' in a && a.error.field).toMatch(/limit/);
        });
      });
  });
