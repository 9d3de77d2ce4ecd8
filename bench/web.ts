// Issue 12's dashboard speed goal: a year of 1-minute data on a system page renders in under 1 s after the
// data arrive, and zooming to one day shows every point the page fetches for it. Run by `npm run bench`
// (`--skip-web` leaves it out), or alone:
//   node --import tsx bench/web.ts
// A real server over a temp SQLite database seeded with 365 days of the laundry's simulated 1-minute data
// (test/web/server.ts, the browser tests' server), Debian's Chromium (playwright-core). Per run, a new page:
//   - the year: `data-drawn-at` of the chart (performance.now() when uPlot has drawn) minus the responseEnd of
//     the last `/series` response (the Resource Timing entry), as the browser test measures it;
//   - the day: after the "1 day" button, the first response whose URL has `/series` or `/minutes` (whatever
//     the page fetches for a day), and the chart's next `data-drawn-at` minus that response's end.
// The medians are printed against the 1 s target (met / NOT met); the points drawn are printed with them.
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launch, pageWithToken, skipReason, ensureBuilt } from '../test/web/browser.ts';
import { startWebServer } from '../test/web/server.ts';
import { goalTable, type GoalRow } from './store.ts';

export const TARGET_RENDER_MS = 1000;
const DAYS = Number(process.env.BENCH_WEB_DAYS ?? 365);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** In the page: the chart's drawn-at minus the end of the last resource whose URL matches `pattern`. */
function sinceResponse(page: Page, pattern: string): Promise<{ ms: number; points: number }> {
  return page.evaluate((source) => {
    const g = globalThis as unknown as {
      performance: { getEntriesByType(t: string): { name: string; responseEnd: number }[] };
      document: { querySelector(s: string): { getAttribute(a: string): string | null } | null };
    };
    const re = new RegExp(source);
    const arrived = g.performance
      .getEntriesByType('resource')
      .filter((e) => re.test(e.name))
      .at(-1)?.responseEnd;
    const chart = g.document.querySelector('figure.chart');
    return {
      ms: Number(chart?.getAttribute('data-drawn-at')) - (arrived ?? NaN),
      points: Number(chart?.getAttribute('data-points')),
    };
  }, pattern);
}

export async function webBench(options: { runs: number; log: (line: string) => void }): Promise<GoalRow[]> {
  const { runs, log } = options;
  const reason = skipReason();
  if (reason) {
    log(`  skipped: ${reason}`);
    return [{ goal: 'dashboard render (issue 12)', measured: 'skipped', target: reason, pass: null }];
  }
  ensureBuilt();
  const t0 = performance.now();
  const server = await startWebServer({ days: DAYS });
  log(
    `  server over ${DAYS} days of 1-minute data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const browser = await launch();
  const year: number[] = [];
  const day: number[] = [];
  let yearPoints = 0;
  let dayPoints = 0;
  let dayUrl = '';
  try {
    const awhp = String(server.seed.awhp.id);
    const to = new Date(Date.UTC(2026, 6, 1) + DAYS * 86_400_000).toISOString().slice(0, 10);
    for (let k = 0; k < runs; k++) {
      const page = await pageWithToken(browser, server.token);
      await page.goto(`${server.url}/systems/${awhp}?from=2026-07-01&to=${to}`);
      await page.waitForResponse((r) => r.url().includes('/series'), { timeout: 60_000 });
      const chart = page.locator('figure.chart').first();
      await chart.locator('canvas').waitFor({ timeout: 60_000 });
      await page.waitForFunction(
        () =>
          (
            globalThis as unknown as {
              document: { querySelector(s: string): { getAttribute(a: string): string | null } | null };
            }
          ).document
            .querySelector('figure.chart')
            ?.getAttribute('data-drawn-at') != null,
        undefined,
        { timeout: 60_000 },
      );
      const y = await sinceResponse(page, '/series');
      year.push(y.ms);
      yearPoints = y.points;
      const before = await chart.getAttribute('data-drawn-at');
      const fetched = page.waitForResponse((r) => /\/(series|minutes)/.test(r.url()), { timeout: 60_000 });
      await page.getByRole('button', { name: '1 day' }).click();
      const res = await fetched;
      dayUrl = new URL(res.url()).pathname.replace(/sys_[0-9a-z]+/, '{id}');
      await page.waitForFunction(
        (prev) =>
          (
            globalThis as unknown as {
              document: { querySelector(s: string): { getAttribute(a: string): string | null } | null };
            }
          ).document
            .querySelector('figure.chart')
            ?.getAttribute('data-drawn-at') !== prev,
        before,
        { timeout: 60_000 },
      );
      const d = await sinceResponse(page, '/(series|minutes)');
      day.push(d.ms);
      dayPoints = d.points;
      log(
        `  run ${k + 1}: a year drawn ${y.ms.toFixed(0)} ms after its data (${y.points} points); one day ${d.ms.toFixed(0)} ms (${d.points} points, ${dayUrl})`,
      );
      await page.context().close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const y = median(year);
  const d = median(day);
  const yearOk = Number.isFinite(y) && y < TARGET_RENDER_MS;
  const dayOk = Number.isFinite(d) && d < TARGET_RENDER_MS;
  log(
    `  a year of 1-minute data (${DAYS} days) on the system page: ${y.toFixed(0)} ms after the data arrived (median of ${runs}): target < ${TARGET_RENDER_MS} ms: ${yearOk ? 'met' : 'NOT met'}`,
  );
  log(
    `  zoom to one day: ${d.toFixed(0)} ms after ${dayUrl} arrived, ${dayPoints} points drawn (${dayPoints >= 1440 ? 'every minute' : dayPoints === 24 ? 'every stored hour, not every minute' : 'points'}): target < ${TARGET_RENDER_MS} ms: ${dayOk ? 'met' : 'NOT met'}`,
  );
  return [
    {
      goal: `dashboard: a year of 1-minute data drawn (${yearPoints} points)`,
      measured: `${y.toFixed(0)} ms`,
      target: `< ${TARGET_RENDER_MS} ms after the data arrive`,
      pass: yearOk,
    },
    {
      goal: `dashboard: one day zoomed (${dayPoints} points, ${dayUrl})`,
      measured: `${d.toFixed(0)} ms`,
      target: `< ${TARGET_RENDER_MS} ms after the data arrive`,
      pass: dayOk,
    },
    {
      goal: 'dashboard: the day shows every minute',
      measured: `${dayPoints} points`,
      target: '1,440 points (one per minute)',
      pass: dayPoints >= 1440,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await webBench({
    runs: Number(process.env.BENCH_RUNS ?? 5),
    log: (line) => console.log(line),
  });
  console.log(`\ndashboard goals (issue 12):\n${goalTable(rows)}`);
}
