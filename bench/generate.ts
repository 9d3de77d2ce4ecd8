import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Start of the generated series and its step: 1 s samples, 1,000,000 rows = 11.6 days. */
export const START_MS = Date.UTC(2024, 0, 1);
export const STEP_MS = 1000;

/**
 * Writes a flow/temperature meter CSV (time,flow_lpm,supply_c,return_c) of `rows` rows, deterministic (a
 * 32-bit LCG, Numerical Recipes constants), values at a meter's 0.01 resolution: flow 10..30 L/min, supply
 * 35..45 C with a daily swing, dT 3..7 K. Every temperature is within the water table. Rows are `stepMs`
 * apart from `startMs` (default: 1 s from 2024-01-01T00:00:00Z).
 */
export async function generateMeterCsv(
  path: string,
  rows: number,
  stepMs = STEP_MS,
  startMs = START_MS,
): Promise<void> {
  const out = createWriteStream(path);
  let seed = 12345;
  const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  let chunk = 'time,flow_lpm,supply_c,return_c\n';
  for (let i = 0; i < rows; i++) {
    const t = startMs + i * stepMs;
    const flow = Math.round(1000 + 2000 * rand());
    const supply = Math.round(
      4000 + 400 * Math.sin((2 * Math.PI * (t % 86_400_000)) / 86_400_000) + 100 * rand(),
    );
    const dt = Math.round(300 + 400 * rand());
    chunk += `${new Date(t).toISOString().slice(0, 19)}Z,${flow / 100},${supply / 100},${(supply - dt) / 100}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
