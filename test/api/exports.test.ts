/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return -- answers are plain JSON, read untyped by design (as in test/contract, eslint.config.js) */
// GET /v1/exports/{format} (issues 10 and 11): the registry export as a CSV download, byte for byte what
// `trec export FORMAT --period P` prints on the same database; the caller's organisation's rows only; the
// use case's JSON on Accept: application/json. On SQLite always, on PostgreSQL when TREC_TEST_PG_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';
import { REGISTRY_BACKENDS, type Target } from '../helpers/registry-db.ts';
import { apiOn, type Json, type TestApi } from './helpers.ts';

for (const backend of REGISTRY_BACKENDS)
  describe.skipIf(backend.skip)(`API exports (${backend.name})`, () => {
    let target: Target;
    let t: TestApi;
    let admin: string;
    let aggregator: string;
    let stranger: string;
    beforeAll(async () => {
      target = await backend.open();
      t = apiOn(target.db);
      admin = await t.token({ role: 'admin' });
      const ok = async (path: string, json: unknown, key?: string) => {
        const r = await t.call('POST', path, {
          token: admin,
          json,
          headers: key === undefined ? {} : { 'idempotency-key': key },
        });
        if (r.status >= 300) throw new Error(`${path}: ${r.status} ${r.text}`);
        return r.json;
      };
      const org = await ok('/v1/organisations', { name: 'Chesapeake Thermal' });
      const other = await ok('/v1/organisations', { name: 'Elsewhere Heat' });
      aggregator = await t.token({ role: 'aggregator', org: org.id as string });
      stranger = await t.token({ role: 'aggregator', org: other.id as string });
      const site = await ok('/v1/sites', {
        org: org.id,
        name: 'Annapolis',
        state: 'MD',
        tz: 'America/New_York',
      });
      // A system name that a spreadsheet would run as a formula: the export protects the cell.
      for (const [name, unitId] of [
        ['GSHP north', 'GATS-1001'],
        ['=HYPERLINK("http://x.invalid","GSHP")', 'GATS-1002'],
      ] as const) {
        const system = await ok('/v1/systems', {
          site: site.id,
          name,
          technology: 'ground-source',
          tons: 4,
          cop: 3.5,
          commissioned: '2024-01-01',
        });
        await ok('/v1/enrolments', {
          system: system.id,
          program: 'md-geothermal',
          method: 'grec-formula',
          unitId,
          start: '2024-01-01',
        });
      }
      const issued = await ok('/v1/issuance', { period: '2024-Q1' }, 'export-q1');
      expect((issued.issued as Json[]).length).toBe(2);
    }, 60_000);
    afterAll(async () => {
      await t.close();
      await target.close();
    });

    it('the CSV download equals `trec export` on the same database', async () => {
      const r = await t.call('GET', '/v1/exports/gats?period=2024-Q1', { token: admin });
      expect(r.status, r.text).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(r.headers.get('content-disposition')).toBe('attachment; filename="gats-2024-Q1.csv"');
      const cli = await trec('export', 'gats', '--period', '2024-Q1', '--db', target.db);
      expect(cli.code, cli.stderr).toBe(0);
      expect(r.text).toBe(cli.stdout);
      // What the file holds, from the layout (docs/exports.md): a header, then one line per unit and month:
      // 2 units x 3 months; the formula-like name is protected (a leading ').
      const lines = r.text.trim().split(/\r?\n/);
      expect(lines).toHaveLength(1 + 6);
      expect(lines.filter((l) => l.startsWith('GATS-1001,')).map((l) => l.split(',')[2])).toEqual([
        '01/2024',
        '02/2024',
        '03/2024',
      ]);
      expect(r.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
      // The formula's annual figure prorated by hours (docs/methods.md): each month's MWh / its hours is one
      // rate, and Jan + Feb + Mar (744 + 696 + 743 = 2,183 h) is the quarter the issuance counted.
      const mwh = lines.filter((l) => l.startsWith('GATS-1001,')).map((l) => Number(l.split(',').at(-1)));
      const hours = [744, 696, 743];
      for (const [k, h] of hours.entries()) expect(mwh[k]! / h).toBeCloseTo(mwh[0]! / 744, 5);
      expect(mwh[0]! / 744).toBeCloseTo(431.3 / 8760, 4);
      // The aggregator of the organisation gets the same file; another organisation none of its rows.
      const own = await t.call('GET', '/v1/exports/gats?period=2024-Q1', { token: aggregator });
      expect(own.text).toBe(r.text);
      const theirs = await t.call('GET', '/v1/exports/gats?period=2024-Q1', { token: stranger });
      expect(theirs.status).toBe(200);
      expect(theirs.text).not.toContain('GATS-100');
      expect(theirs.text.trim().split(/\r?\n/)).toHaveLength(1);
    });

    it("Accept: application/json gives the use case's JSON, with the same text and the checks", async () => {
      const r = await t.call('GET', '/v1/exports/gats?period=2024-Q1', {
        token: admin,
        headers: { accept: 'application/json' },
      });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ format: 'gats', period: '2024-Q1', rows: 6, issuances: 2, ok: true });
      const cli = await trec('export', 'gats', '--period', '2024-Q1', '--db', target.db, '--json');
      expect(cli.code, cli.stderr).toBe(0);
      expect(r.json).toEqual(cli.json());
      expect((r.json.checks as Json[]).map((c) => c.code)).toContain('export-layout-unconfirmed');
    });
  });
