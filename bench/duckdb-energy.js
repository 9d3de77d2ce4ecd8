// The DuckDB reference of `npm run bench`, as a process of its own (plain JavaScript, so node starts it
// without a TypeScript loader): node bench/duckdb-energy.js METER.csv PROPS.csv THREADS
// prints {"kwh", "rows", "query_s"} as JSON. THREADS is a number or "all" (DuckDB's default: every core).
//
// The same energy in SQL: P = V rho(T_return) cp((T_supply + T_return) / 2) dT per row, trapezoid between
// consecutive rows (as the integrator; the generated file has no gaps and no sign changes). rho and cp come
// from PROPS.csv (k, rho, cp: the fluid model at T = k / 200 C, every 0.005 K step the 0.01 C data can
// produce, written by bench/run.ts from TREC's fluid model), so the comparison checks the parsing and the
// integration, not the interpolation. The query time (query_s) is the in-process figure; the bench also
// times the whole process from spawn to exit.
import { DuckDBInstance } from '@duckdb/node-api';

const [meterPath, propsPath, threads = '1'] = process.argv.slice(2);
if (!meterPath || !propsPath) {
  process.stderr.write('usage: node bench/duckdb-energy.js METER.csv PROPS.csv [THREADS|all]\n');
  process.exit(2);
}
const quote = (path) => `'${path.replace(/'/g, "''")}'`;

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
if (threads !== 'all') await con.run(`SET threads = ${Number.parseInt(threads, 10)}`);
await con.run(
  `CREATE TABLE props AS SELECT * FROM read_csv(${quote(propsPath)}, header = true,
     columns = {'k': 'INTEGER', 'rho': 'DOUBLE', 'cp': 'DOUBLE'})`,
);
const sql = `
  WITH s AS (
    SELECT time AS t, flow_lpm / 60000 AS v, supply_c AS ts, return_c AS tr
    FROM read_csv(${quote(meterPath)}, header = true,
      columns = {'time': 'TIMESTAMPTZ', 'flow_lpm': 'DOUBLE', 'supply_c': 'DOUBLE', 'return_c': 'DOUBLE'})
  ), p AS (
    SELECT s.t, s.v * a.rho * b.cp * (s.ts - s.tr) AS w
    FROM s JOIN props a ON a.k = CAST(round(s.tr * 200) AS INTEGER)
           JOIN props b ON b.k = CAST(round((s.ts + s.tr) * 100) AS INTEGER)
  ), seg AS (
    SELECT (w + lead(w) OVER (ORDER BY t)) / 2 * epoch(lead(t) OVER (ORDER BY t) - t) AS j FROM p
  )
  SELECT sum(j) / 3.6e6 AS kwh, count(*) AS n FROM seg`;
const started = performance.now();
const reader = await con.runAndReadAll(sql);
const querySeconds = (performance.now() - started) / 1000;
const [kwh, n] = reader.getRows()[0];
con.closeSync();
process.stdout.write(`${JSON.stringify({ kwh: Number(kwh), rows: Number(n), query_s: querySeconds })}\n`);
