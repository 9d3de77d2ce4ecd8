// Issue 10's issuance speed goal: issuing a quarter for 10,000 metered systems with hourly interval data in
// under 10 s, on SQLite and PostgreSQL. Run by `npm run bench` after the store figures, or alone:
//   node --import tsx bench/issuance.ts [--pg URL]
// The fleet (bench/fleet.ts, bulk SQL): 10,000 air-to-water systems in New York, one heat meter each, every
// hour of 2025-Q2 in local time (2,184 hours: 21,840,000 rows), each enrolled (metered) in the proposed
// air-to-water TREC from 2025-01-01. Then `issuePeriod` (what `trec issue --period 2025-Q2` runs) in this
// process, timed from the call to its return: generation per enrolment and month (periodSums: the daily
// rollup), one claim, serial reservation, batch and chained event per enrolment, each in its own transaction.
// Every issued figure is checked against the sums computed here from the generating formula, through the
// program's rule (meteredGeneration, issueWhole): a wrong number fails the run.
import { sql, type Kysely, type KyselyPlugin } from 'kysely';
import { pathToFileURL } from 'node:url';
import { issuePeriod } from '../src/app/issuance.ts';
import { issueWhole, meteredGeneration } from '../src/core/index.ts';
import { filePorts } from '../src/ingest/catalogues.ts';
import { migrateToLatest, timeSortedIds, verifyLedger, type Database } from '../src/store/index.ts';
import { storeRegistry } from '../src/store/registry-port.ts';
import { buildFleet, elecWhOf, fleetSystemId, heatWhOf, HOUR_MS } from './fleet.ts';
import { goalTable, load, pgUrlFrom, postgresStore, sqliteStore, type GoalRow, type Store } from './store.ts';

export const TARGET_ISSUE_QUARTER_S = 10;
const SYSTEMS = Number(process.env.BENCH_ISSUE_SYSTEMS ?? 10_000);
const PROGRAM = 'proposed-air-to-water-trec';
const PERIOD = '2025-Q2';
/** 2025-04-01T00:00 EDT (UTC-4) to 2025-07-01T00:00 EDT: April, May, June in New York, no DST change. */
const FROM_MS = Date.UTC(2025, 3, 1, 4);
const MONTH_HOURS = [30 * 24, 31 * 24, 30 * 24];
const TO_MS = FROM_MS + (MONTH_HOURS[0]! + MONTH_HOURS[1]! + MONTH_HOURS[2]!) * HOUR_MS;
const NOW_MS = Date.UTC(2025, 7, 1);

/** BENCH_QUERY_TIMES=1: time per kind of statement (its SQL's first 60 characters), for profiling. */
function queryTimer() {
  const started = new WeakMap<object, number>();
  const totals = new Map<string, { n: number; ms: number }>();
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      started.set(args.queryId, performance.now());
      return args.node;
    },
    transformResult(args) {
      const t0 = started.get(args.queryId);
      if (t0 !== undefined) {
        const key = (lastSql.get(args.queryId) ?? '?').slice(0, 110);
        const x = totals.get(key) ?? { n: 0, ms: 0 };
        x.n += 1;
        x.ms += performance.now() - t0;
        totals.set(key, x);
      }
      return Promise.resolve(args.result);
    },
  };
  const lastSql = new WeakMap<object, string>();
  const compile = plugin.transformQuery.bind(plugin);
  plugin.transformQuery = (args) => {
    const text = JSON.stringify(args.node);
    const names = [...text.matchAll(/"(?:name|sqlFragments)":("[^"]*"|\[[^\]]{0,60})/g)]
      .map((m) => m[1])
      .slice(0, 5);
    lastSql.set(args.queryId, `${args.node.kind} ${names.join(' ')}`);
    return compile(args);
  };
  return {
    plugin,
    report: () =>
      [...totals]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 15)
        .map(([k, v]) => `    ${v.ms.toFixed(0).padStart(6)} ms ${String(v.n).padStart(6)}x ${k}`)
        .join('\n'),
  };
}

const fail = (what: string): never => {
  throw new Error(`issuance bench: ${what}`);
};

/** Enrolments of every fleet system in the proposed program, metered, from 2025-01-01, by bulk SQL. */
async function enrolFleet(db: Kysely<Database>, version: string): Promise<void> {
  // The organisation's default account, where the certificates go (trec org add makes one).
  await sql`insert into accounts (id, organisation_id, name, is_default, created_by, created_at)
    select 'acct_bench', id, 'default', 1, 'bench', 0 from organisations`.execute(db);
  await sql`insert into enrolments (id, system_id, program_id, program_version, method, unit_id,
      reporting_unit_id, start_on, end_on, account_id, conservative, cap_at_physical, created_by, created_at)
    select 'enr' || substr(s.id, 4), s.id, ${PROGRAM}, ${version}, 'metered', 'UNIT' || substr(s.id, 10),
      null, '2025-01-01', null, null, 0, 0, 'bench', 0
    from systems as s`.execute(db);
  await sql`analyze enrolments`.execute(db);
}

/** Per system (1-based m) and month of the quarter: the sums periodSums must give, from the formula. */
function expectedMonth(m: number, month: number) {
  let first = 0;
  for (let k = 0; k < month; k++) first += MONTH_HOURS[k]!;
  let heatWh = 0;
  let elecWh = 0;
  let uncertaintyWh = 0;
  for (let k = first; k < first + MONTH_HOURS[month]!; k++) {
    const heat = heatWhOf(m, k);
    heatWh += heat;
    elecWh += elecWhOf(m, k);
    uncertaintyWh += Math.floor(heat / 20); // the fleet's uncertainty_wh: heat / 20 in integer SQL
  }
  const hours = MONTH_HOURS[month]!;
  return {
    systemId: fleetSystemId(m),
    hours,
    heatWh,
    coolWh: 0,
    elecWh,
    uncertaintyWh,
    coverageS: hours * 3600,
    heldHeatWh: 0,
    heldCoolWh: 0,
    errorHours: 0,
    excludedWh: 0,
  };
}

async function issueGoal(store: Store, log: (line: string) => void): Promise<GoalRow[]> {
  await migrateToLatest(store.db);
  const ports = { ...filePorts(), clock: { now: () => NOW_MS } };
  const program = ports.programs.get(PROGRAM);
  let t = performance.now();
  const fleet = await buildFleet(store.db, SYSTEMS, { year: 2025, month: 4 }, 3, {
    technology: 'air-to-water',
    span: { fromMs: FROM_MS, toMs: TO_MS },
  });
  await enrolFleet(store.db, program.version);
  const buildS = (performance.now() - t) / 1000;
  log(
    `  ${store.name}: fleet of ${SYSTEMS.toLocaleString('en-US')} enrolled systems, ${fleet.rows.toLocaleString('en-US')} hourly rows` +
      ` built in ${buildS.toFixed(1)} s (of which the daily rollup ${fleet.rollupS.toFixed(1)} s); load average ${load()}`,
  );
  const timing = process.env.BENCH_QUERY_TIMES ? queryTimer() : undefined;
  const registry = storeRegistry(timing ? store.db.withPlugin(timing.plugin) : store.db, store.target);
  const ids = timeSortedIds();
  t = performance.now();
  const result = await issuePeriod(
    ports,
    registry,
    () => ({ by: 'bench', at: NOW_MS, ids }),
    { period: PERIOD, program: PROGRAM, dryRun: false },
    'bench',
  );
  const issueS = (performance.now() - t) / 1000;
  if (timing) log(timing.report());

  // Every figure against the formula, through the program's rule.
  if (result.issued.length !== SYSTEMS || result.held.length !== 0)
    fail(
      `${store.name}: ${result.issued.length} issued, ${result.held.length} held (${result.held[0]?.reason ?? ''}), not ${SYSTEMS} issued`,
    );
  let certificates = 0;
  let energyWh = 0;
  for (const line of result.issued) {
    const m = Number(line.system.id.slice('sys_bench'.length));
    let expectedWh = 0;
    line.generation.months.forEach((month, k) => {
      const sums = expectedMonth(m, k);
      const g = meteredGeneration({ program, sums, conservative: false });
      if (
        month.heatWh !== g.heatWh ||
        month.elecWh !== g.elecWh ||
        month.energyWh !== g.energyWh ||
        month.coverageS !== sums.coverageS
      )
        fail(
          `${store.name}: ${line.system.id} ${month.month}: ${JSON.stringify(month)} against ${JSON.stringify(sums)}`,
        );
      expectedWh += g.energyWh;
    });
    const whole = issueWhole({
      program,
      energyWh: expectedWh,
      adjustmentWh: 0,
      remainderInWh: 0,
      multiplier: 1,
    });
    if (
      line.generation.months.length !== 3 ||
      line.generation.energyWh !== expectedWh ||
      line.generation.multiplier !== 1 ||
      line.certificates !== whole.certificates ||
      line.remainderOutWh !== whole.remainderOutWh ||
      (whole.certificates > 0 && line.batchId === null)
    )
      fail(
        `${store.name}: ${line.system.id}: ${line.generation.energyWh} Wh, ${line.certificates} certificates; expected ${expectedWh} Wh, ${whole.certificates}`,
      );
    certificates += line.certificates;
    energyWh += expectedWh;
  }
  t = performance.now();
  const verified = await verifyLedger(store.db);
  const verifyS = (performance.now() - t) / 1000;
  if (!verified.ok || verified.events !== SYSTEMS)
    fail(
      `${store.name}: the ledger after issuing does not verify: ${verified.firstBroken?.reason ?? verified.events}`,
    );
  log(
    `  ${store.name}: issued ${PERIOD} for ${result.issued.length.toLocaleString('en-US')} enrolments in ${issueS.toFixed(2)} s:` +
      ` ${(energyWh / 1e6).toFixed(3)} MWh, ${certificates.toLocaleString('en-US')} certificates, every figure as computed here;` +
      ` the ledger of ${verified.events} events verifies in ${verifyS.toFixed(2)} s`,
  );
  const rows: GoalRow[] = [
    {
      goal: `10.1 ${store.name}: issue a quarter for ${SYSTEMS.toLocaleString('en-US')} metered systems (issuePeriod, in process)`,
      measured: `${issueS.toFixed(2)} s`,
      target: `< ${TARGET_ISSUE_QUARTER_S} s`,
      pass: issueS < TARGET_ISSUE_QUARTER_S,
    },
  ];
  if (process.env.BENCH_ISSUE_ONE_TX) {
    // For information: the same issuance with every enrolment's transaction inside one outer transaction
    // (inTransaction joins it), so one commit instead of 10,000: what the commits (an fsync each) cost.
    for (const table of ['ledger_events', 'batches', 'serial_counters', 'issuances'] as const)
      await store.db.deleteFrom(table).execute();
    t = performance.now();
    const again = await store.db
      .transaction()
      .execute((tx) =>
        issuePeriod(
          ports,
          storeRegistry(tx, store.target),
          () => ({ by: 'bench', at: NOW_MS, ids }),
          { period: PERIOD, program: PROGRAM, dryRun: false },
          'bench',
        ),
      );
    const oneS = (performance.now() - t) / 1000;
    const sameCertificates = again.issued.reduce((n, l) => n + l.certificates, 0);
    if (again.issued.length !== SYSTEMS || sameCertificates !== certificates)
      fail(
        `${store.name}: the one-transaction run issued ${again.issued.length} lines, ${sameCertificates} certificates`,
      );
    log(`  ${store.name}: the same in one outer transaction (one commit): ${oneS.toFixed(2)} s`);
    rows.push({
      goal: `10.1 ${store.name}: the same, every enrolment in one outer transaction (for information)`,
      measured: `${oneS.toFixed(2)} s`,
      target: '-',
      pass: null,
    });
  }
  return rows;
}

export async function issuanceBench(options: {
  pgUrl: string | undefined;
  log: (line: string) => void;
}): Promise<GoalRow[]> {
  const rows: GoalRow[] = [];
  // BENCH_SKIP_SQLITE=1: PostgreSQL alone (the fleet takes minutes per database).
  const stores: (() => Store | Promise<Store>)[] = process.env.BENCH_SKIP_SQLITE ? [] : [sqliteStore];
  if (options.pgUrl) {
    const url = options.pgUrl;
    stores.push(() => postgresStore(url));
  } else options.log('  PostgreSQL: skipped (give --pg URL or set TREC_TEST_PG_URL)');
  for (const make of stores) {
    const store = await make();
    try {
      rows.push(...(await issueGoal(store, options.log)));
    } finally {
      await store.close();
    }
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await issuanceBench({ pgUrl: pgUrlFrom(process.argv), log: (line) => console.log(line) });
  console.log(`\nissuance goals (load average now ${load()}):\n${goalTable(rows)}`);
}
