import { DuckDBInstance } from '@duckdb/node-api';
import type { FluidModel } from '../src/core/index.ts';

/**
 * The same energy in SQL: P = V rho(T_return) cp((T_supply + T_return) / 2) dT per row, trapezoid between
 * consecutive rows (as the integrator; the generated file has no gaps and no sign changes). rho and cp come
 * from the same fluid model, tabulated at every 0.005 K step the 0.01 C data can produce (a join, exact at
 * those points), so the comparison checks the parsing and the integration, not the interpolation.
 */
export async function duckdbEnergyKwh(path: string, fluid: FluidModel, minC: number, maxC: number) {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run('SET threads = 1'); // one core, like TREC
  const keys: string[] = [];
  for (let k = Math.floor(minC * 200); k <= Math.ceil(maxC * 200); k++)
    keys.push(`(${k}, ${fluid.densityKgM3(k / 200)}, ${fluid.cpJKgK(k / 200)})`);
  await con.run('CREATE TABLE props (k INTEGER PRIMARY KEY, rho DOUBLE, cp DOUBLE)');
  await con.run(`INSERT INTO props VALUES ${keys.join(',')}`);
  const sql = `
    WITH s AS (
      SELECT time AS t, flow_lpm / 60000 AS v, supply_c AS ts, return_c AS tr
      FROM read_csv('${path.replace(/'/g, "''")}', header = true,
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
  const seconds = (performance.now() - started) / 1000;
  const [kwh, n] = reader.getRows()[0]!;
  con.closeSync();
  return { kwh: Number(kwh), rows: Number(n), seconds };
}
