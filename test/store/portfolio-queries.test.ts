/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- answers are plain JSON, read untyped by design (as in test/contract) */
// The portfolio's read is a fixed number of SQL queries per page, whatever the number of systems (issue 12:
// "one request, a bounded number of queries"): the whole use case (the store's read and the issuance dry
// run over the page) is counted on a registry of 3 systems and of 23, through a Kysely plugin that counts
// every query sent, raw ones too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KyselyPlugin } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { App, RegistryAccess } from '../../src/app/index.ts';
import { createFileApp, lazyRegistry } from '../../src/main.ts';
import { lazyStore } from '../../src/store/open-config.ts';
import { openRegistry, storeRegistry } from '../../src/store/registry-port.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dir = mkdtempSync(join(tmpdir(), 'trec-portfolio-q-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (app: App, name: Parameters<App['run']>[0], input: Json): Promise<Json> =>
  app.present(name, await app.run(name, input));

/** An organisation with `metered` metered systems (3 h of data each) and one on the GREC formula, issued. */
async function world(db: string, metered: number): Promise<void> {
  const registry = lazyRegistry({ db, actor: 'test' });
  const store = lazyStore(db, { TREC_USER: 'test' });
  const app = createFileApp({}, registry.access, store.intervals, registry.tokens);
  try {
    const org = await run(app, 'orgAdd', { name: 'Chesapeake Thermal' });
    const site = await run(app, 'siteAdd', {
      org: org.id,
      name: 'Site',
      state: 'NY',
      tz: 'America/New_York',
    });
    const gshp = await run(app, 'systemAdd', {
      site: site.id,
      name: 'GSHP',
      technology: 'ground-source',
      tons: 4,
      cop: 3.5,
      commissioned: '2023-05-01',
    });
    await run(app, 'enrol', {
      system: gshp.id,
      program: 'md-geothermal',
      method: 'grec-formula',
      start: '2024-01-01',
    });
    for (let k = 0; k < metered; k++) {
      const sys = await run(app, 'systemAdd', {
        site: site.id,
        name: `AWHP ${k}`,
        technology: 'air-to-water',
        capacityKw: 20,
        cop: 4,
        commissioned: '2024-01-01',
      });
      const meter = await run(app, 'meterAdd', { system: sys.id, kind: 'heat', fluid: 'water' });
      await run(app, 'enrol', {
        system: sys.id,
        program: 'proposed-air-to-water-trec',
        start: '2024-03-01',
        pilot: true,
      });
      const lines = ['time,heat_kw'];
      for (let m = 0; m <= 180; m++)
        lines.push(`${new Date(Date.UTC(2024, 2, 1, 5) + m * 60_000).toISOString()},5`);
      const file = join(dir, `m${metered}-${k}.csv`);
      writeFileSync(file, lines.join('\n') + '\n');
      await run(app, 'ingest', { files: [file], meter: meter.id });
    }
    await run(app, 'issue', { period: '2024-Q1', dryRun: false });
  } finally {
    await store.close();
    await registry.close();
  }
}

/** The portfolio's JSON and the queries it sent. */
async function counted(db: string): Promise<{ json: Json; queries: number }> {
  const opened = await openRegistry(db);
  let queries = 0;
  const counter: KyselyPlugin = {
    transformQuery: (a) => (queries++, a.node),
    transformResult: (a) => Promise.resolve(a.result),
  };
  const registry = storeRegistry(opened.db.withPlugin(counter), db);
  const access: RegistryAccess = {
    defaultDb: { value: db, source: 'test' },
    actor: 'test',
    open: () => Promise.resolve(registry),
  };
  try {
    const app = createFileApp({}, access);
    queries = 0;
    const json = await run(app, 'portfolio', { limit: 1000 });
    return { json, queries };
  } finally {
    await opened.close();
  }
}

describe('portfolio: queries per page', () => {
  it('the same number of queries for 3 systems as for 23 (one zone)', async () => {
    const small = join(dir, 'small.db');
    const large = join(dir, 'large.db');
    await world(small, 2);
    await world(large, 22);
    const a = await counted(small);
    const b = await counted(large);
    expect(a.json.systems).toHaveLength(3);
    expect(b.json.systems).toHaveLength(23);
    // 3 h x 5 kW = 15 kWh per metered system.
    expect(a.json.totals.heat_wh).toBe(2 * 15_000);
    expect(b.json.totals.heat_wh).toBe(22 * 15_000);
    // every metered system held for the last ended quarter (no data then), each with its reason
    expect(b.json.systems.filter((s: Json) => s.held.length === 1)).toHaveLength(22);
    console.log(`portfolio: ${a.queries} queries for 3 systems, ${b.queries} for 23`);
    expect(b.queries).toBe(a.queries);
    expect(a.queries).toBeLessThan(60);
  }, 120_000);
});
