// The demo data (src/app/demo.ts, docs/demo.md), loaded in process into a temp SQLite registry through the
// use cases: the figures it issues against hand calculations written here, the ledger it leaves, and that it
// loads once and never into a registry holding other data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generatedMeterRows,
  loadDemo,
  maMeter,
  nhMeter,
  type App,
  type DemoFiles,
  type DemoSummary,
  type GeneratedMeter,
} from '../../src/app/index.ts';
import { btuhToW, carnotCopHeating, LAUNDRY_DEFAULTS } from '../../src/core/index.ts';
import { configFromEnv, createFileApp, lazyRegistry } from '../../src/main.ts';
import { lazyStore } from '../../src/store/open-config.ts';
import { REGISTRY_BACKENDS, type Target } from '../helpers/registry-db.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-demo-'));
const files: DemoFiles = { scratch: (name) => join(dir, name), remove: (p) => rmSync(p, { force: true }) };
const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const o of opened) await o.close();
  rmSync(dir, { recursive: true, force: true });
});

function appOn(db: string): App {
  const registry = lazyRegistry({ db, actor: 'trec demo' });
  const store = lazyStore(db, process.env);
  opened.push(store, registry);
  return createFileApp(configFromEnv(), registry.access, store.intervals, registry.tokens);
}

interface Batch {
  serial_first: string;
  quantity: number;
  status: string;
  account: string;
  vintage: string;
}
/** Certificates issued per `program/unit/vintage` (the parts of a split batch added back together). */
const issuedBy = (batches: Batch[]) => {
  const by = new Map<string, number>();
  for (const b of batches) {
    const key = b.serial_first.split('/').slice(0, 3).join('/');
    by.set(key, (by.get(key) ?? 0) + b.quantity);
  }
  return by;
};

/**
 * Hand calculation of a generated meter file's energy between two minutes from its start: each running minute
 * carries the rated capacity for 60 s (that is how the file's supply-return difference was chosen), and
 * draws capacity / COP, COP = 0.57 x Carnot(supply + 5 K, source - 8 K); summed here from the rows' own
 * on/off state and temperatures, not from the meter integration TREC runs on the file.
 */
function handEnergy(g: GeneratedMeter, fromMinute: number, toMinute: number) {
  let heatJ = 0;
  let elecJ = 0;
  for (const row of generatedMeterRows(g)) {
    if (row.minute < fromMinute || row.minute >= toMinute || row.flowLpm === 0) continue;
    heatJ += g.capacityW * 60;
    const cop = 0.57 * carnotCopHeating(row.supplyC + 5, row.sourceC - 8);
    elecJ += (g.capacityW / cop) * 60;
  }
  return { heatMwh: heatJ / 3.6e9, elecMwh: elecJ / 3.6e9 };
}

for (const backend of REGISTRY_BACKENDS)
  describe.skipIf(backend.skip)(`the demo data (${backend.name})`, () => {
    let target: Target;
    let app: App;
    let loaded: DemoSummary;
    let batches: Batch[];

    beforeAll(async () => {
      target = await backend.open();
      app = appOn(target.db);
      loaded = await loadDemo(app, files, { now: () => performance.now() });
      console.log(
        `demo loaded in process (${backend.name}) in ${(loaded.ms / 1000).toFixed(1)} s: ${loaded.reason}`,
      );
      batches = (app.present('certificates', await app.run('certificates', {})) as { batches: Batch[] })
        .batches;
    }, 180_000);
    afterAll(async () => {
      for (const o of opened.splice(0)) await o.close();
      await target.close();
    });

    it('registers the four systems and ingests two years of the laundry and the two generated files', () => {
      expect(loaded.state).toBe('loaded');
      expect(loaded.systems).toBe(4);
      // 730 days of minutes plus the closing row, 365 days (MA), 273 days less a 30-hour outage (NH).
      expect(loaded.ingestedRows).toBe(730 * 1440 + 1 + 365 * 1440 + (273 * 1440 - 30 * 60));
    });

    it('stores the laundry heat the simulation delivered (its own account, before the meter file)', async () => {
      const data = (
        await app.run('data', {
          system: loaded.ids.laundry,
          from: '2024-09-30',
          to: '2026-10-02',
          interval: 'month',
        })
      ).result;
      const storedKwh = data.total.heatWh / 1000;
      const simulatedKwh = loaded.laundryHeatKwh ?? NaN;
      // The file rounds temperatures to 0.01 K and flow to 0.01 L/min; the integrator uses the fluid tables.
      expect(Math.abs(storedKwh - simulatedKwh) / simulatedKwh).toBeLessThan(0.005);
    });

    it('issues the Maryland GREC formula by the quarter: 106 then 107 certificates', () => {
      // 4 tons x 12,000 BTU/h x 8,760 h x COP 3.5 / 3,412,000 BTU/MWh = 431.32 MWh a year, prorated by hours:
      // 2025-Q1 has 744 + 672 + 743 = 2,159 local hours (the spring DST hour missing): 106.30 -> 106, 0.30 carried;
      // 2025-Q2 has 720 + 744 + 720 = 2,184 h: 107.54 + 0.30 = 107.84 -> 107.
      const annualMwh = (4 * 12_000 * 8_760 * 3.5) / 3_412_000;
      expect(annualMwh).toBeCloseTo(431.32, 2);
      const by = issuedBy(batches);
      expect(by.get('md-geothermal/NON12345/2025-Q1')).toBe(Math.floor((annualMwh * 2159) / 8760));
      expect(by.get('md-geothermal/NON12345/2025-Q1')).toBe(106);
      expect(by.get('md-geothermal/NON12345/2025-Q2')).toBe(107);
    });

    it('issues New Hampshire 2026-Q1 and Q2 after the monitor attested them, holds Q3', async () => {
      const weather = app.ports.weather.site('concord');
      const g = nhMeter(weather);
      expect(g.capacityW).toBe(btuhToW(1_200_000)); // above NH's 1,000,000 BTU/h threshold
      // 2026-Q1 in New York local time: Jan 1 00:00 EST (the file's first minute) to Apr 1 00:00 EDT, which is
      // 03:00 Mar 31 + 21 h in the file's fixed -05:00: 90 days x 1,440 minutes less 60.
      const q1 = handEnergy(g, 0, 90 * 1440 - 60);
      const by = issuedBy(batches);
      const issued = by.get('nh-class-i-thermal/NON60123/2026-Q1') ?? NaN;
      console.log(
        `New Hampshire 2026-Q1: ${issued} certificates, hand calculation ${q1.heatMwh.toFixed(2)} MWh`,
      );
      expect(Math.abs(issued - q1.heatMwh)).toBeLessThan(0.003 * q1.heatMwh + 1);
      expect(by.get('nh-class-i-thermal/NON60123/2026-Q2')).toBeGreaterThan(0);
      expect(by.has('nh-class-i-thermal/NON60123/2026-Q3')).toBe(false);
      const held = app.present('issue', await app.run('issue', { period: '2026-Q3', dryRun: true })) as {
        held: { system_name: string; reason: string }[];
      };
      expect(held.held.map((h) => h.system_name)).toEqual(['Concord GSHP plant']);
      expect(held.held[0]?.reason).toMatch(/attestation/);
    });

    it('issues Massachusetts net of electricity with the APS multiplier 3 (intermediate air-source)', () => {
      const g = maMeter(app.ports.weather.site('boston'));
      expect(g.capacityW).toBe(btuhToW(180_000)); // 15 tons: above 134,000 BTU/h, the intermediate class
      const all = handEnergy(g, 0, 365 * 1440); // 2025-10-01 .. 2026-09-30, every quarter issued
      const net = all.heatMwh - all.elecMwh;
      const total = [...issuedBy(batches)]
        .filter(([k]) => k.startsWith('ma-aps-air-source/'))
        .reduce((s, [, n]) => s + n, 0);
      console.log(`Massachusetts: ${total} certificates, hand calculation 3 x ${net.toFixed(2)} MWh net`);
      // Whole certificates with the remainder carried: at most one short of 3 x net over the year.
      expect(Math.abs(total - 3 * net)).toBeLessThan(0.005 * 3 * net + 1);
      expect(LAUNDRY_DEFAULTS.carnotFraction.value).toBe(0.57); // the COP the hand calculation assumes
    });

    it('leaves a ledger with a transfer to the buyer (accepted), two retirements, and verifies', async () => {
      const buyerAccount = (await app.run('organisation', { org: loaded.ids.buyer ?? '' })).result
        .organisation.defaultAccountId;
      const held = batches.filter((b) => b.account === buyerAccount);
      expect(held.map((b) => [b.status, b.quantity]).sort()).toEqual([
        ['active', 6],
        ['retired', 4],
      ]);
      expect(
        batches
          .filter((b) => b.status === 'retired')
          .map((b) => b.quantity)
          .sort(),
      ).toEqual([25, 4]);
      const shown = app.present('transfers', await app.run('transfers', {}));
      const transfers = (shown as { transfers: { status: string }[] }).transfers;
      expect(transfers.map((t) => t.status)).toEqual(['accepted']);
      const verify = app.present('ledgerVerify', await app.run('ledgerVerify', {})) as { ok: boolean };
      expect(verify.ok).toBe(true);
      expect(loaded.certificates).toBe(batches.reduce((s, b) => s + b.quantity, 0));
    });

    it('loads once: a second call finds it and changes nothing', async () => {
      const again = await loadDemo(app, files);
      expect(again.state).toBe('already-loaded');
      expect(again.organisationId).toBe(loaded.organisationId);
      const after = (app.present('certificates', await app.run('certificates', {})) as { batches: Batch[] })
        .batches;
      expect(after).toEqual(batches);
    });
  });

describe('the demo beside other data', () => {
  it('never loads into a registry that holds other organisations', async () => {
    const other = appOn(join(dir, 'other.db'));
    await other.run('orgAdd', { name: 'Somebody Else' });
    const r = await loadDemo(other, files);
    expect(r.state).toBe('skipped');
    expect(r.reason).toMatch(/1 other organisation/);
    expect((await other.run('systems', {})).result.systems).toEqual([]);
  });
});
