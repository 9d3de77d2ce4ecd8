import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-evaluate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface EvaluateJson {
  extra_certificates_per_year: number;
  annuity_factor: number;
  low: { npv_usd: number; break_even_price_usd: number | null };
  high: { npv_usd: number };
  verdict: string;
  recommendation: string;
  assumptions: { name: string; value: unknown; source: string }[];
  checks: { code: string }[];
}

describe('trec evaluate', () => {
  it('hand calculation: 10 vs 12 MWh/yr, $100, upkeep $50, 5 %, 10 years (AF 7.721735)', async () => {
    const r = await trec(
      'evaluate',
      '--formula-mwh',
      '10',
      '--metered-mwh',
      '12',
      '--certificate-price',
      '100',
      '--upkeep',
      '50',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = r.json<EvaluateJson>();
    expect(j.annuity_factor).toBeCloseTo(7.721735, 6);
    // NPV low = 2 x 100 x 7.721735 - 500 - 50 x 7.721735 = 1544.347 - 500 - 386.087 = 658.260
    expect(j.low.npv_usd).toBeCloseTo(658.26, 2);
    // NPV high = 1544.347 - 1500 - 386.087 = -341.740
    expect(j.high.npv_usd).toBeCloseTo(-341.74, 2);
    expect(j.verdict).toBe('depends-on-meter-cost');
  });

  it('lists every assumption with its source; defaults cite seed 001 or say "assumption", given ones say "user"', async () => {
    const r = await trec(
      'evaluate',
      '--formula-mwh',
      '10',
      '--metered-mwh',
      '12',
      '--certificate-price',
      '30',
      '--json',
    );
    const a = Object.fromEntries(r.json<EvaluateJson>().assumptions.map((x) => [x.name, x]));
    expect(a['certificate price']).toMatchObject({ value: 30, source: 'user' });
    expect(a['meter cost, low']?.source).toMatch(/seed 001.*several hundred/);
    expect(a['meter cost, high']?.value).toBe(1500);
    expect(a['incentive period']).toMatchObject({ value: 10 });
    expect(a['incentive period']?.source).toMatch(/ten-year/);
    expect(a['discount rate']?.source).toMatch(/^assumption/);
    expect(a['meter upkeep']?.source).toMatch(/^assumption/);
    expect(a['metered certificates per year']).toMatchObject({ value: 12, source: 'user' });
  });

  it('says so when metering earns fewer certificates than an accepted formula above capacity x hours', async () => {
    // seed 001: 4 tons (14.07 kW) at COP 3.5: 431.3 MWh/yr by formula; 14.07 kW x 8,760 h = 123.3 MWh/yr at most
    const r = await trec(
      'evaluate',
      '--formula-mwh',
      '431.3',
      '--metered-mwh',
      '40',
      '--capacity-kw',
      '14.07',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/FEWER certificates/);
    expect(r.stdout).toMatch(/formula-above-capacity/);
    expect(r.stdout).toMatch(/metering-earns-fewer/);
  });

  it('takes metered output from a trec estimate JSON (heat or renewable basis)', async () => {
    const file = join(dir, 'estimate.json');
    writeFileSync(file, JSON.stringify({ heat_kwh: 30000, renewable_kwh: 21000 }));
    const heat = await trec('evaluate', '--formula-not-accepted', '--estimate', file, '--json');
    expect(heat.json<EvaluateJson>().extra_certificates_per_year).toBe(30);
    const ren = await trec(
      'evaluate',
      '--formula-not-accepted',
      '--estimate',
      file,
      '--metered-basis',
      'renewable',
      '--json',
    );
    expect(ren.json<EvaluateJson>().extra_certificates_per_year).toBe(21);
  });

  it('bad input exits 2 and names the argument', async () => {
    const none = await trec('evaluate', '--formula-mwh', '10');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--metered-mwh/);
    const noFormula = await trec('evaluate', '--metered-mwh', '10');
    expect(noFormula.code).toBe(2);
    expect(noFormula.stderr).toMatch(/--formula-mwh/);
    const years = await trec('evaluate', '--formula-mwh', '1', '--metered-mwh', '2', '--years', '0');
    expect(years.code).toBe(2);
    expect(years.stderr).toMatch(/years/);
    const missing = await trec('evaluate', '--formula-not-accepted', '--estimate', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json/);
  });
});
