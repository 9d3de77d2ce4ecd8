// `npm run screenshots`: one PNG per dashboard page in docs/screenshots/ (linked from the README), of the
// `npm start` demo: a temp data folder, the server `trec start` runs (src/main.ts serveApi with the
// dashboard: the demo loaded into the empty registry as on a first start, docs/demo.md), signed in through
// the link it prints, the pages taken in Debian's Chromium (playwright-core). Nothing of ./data is touched.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveApi } from '../src/main.ts';
import { createFileApp } from '../src/main.ts';
import { ensureBuilt, launch, skipReason } from '../test/web/browser.ts';
import { ROOT } from '../test/web/server.ts';

const reason = skipReason();
if (reason) {
  console.error(`screenshots: ${reason}`);
  process.exit(1);
}
const t0 = performance.now();
ensureBuilt();
const out = join(ROOT, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'trec-screenshots-'));
// The demo is loaded whatever TREC_DEMO says in this shell: the pictures are of the demo.
const env: NodeJS.ProcessEnv = { ...process.env, TREC_DEMO: '1', TREC_USER: 'trec start' };
delete env.TREC_DB;
const printed: string[] = [];
const server = await serveApi(
  { port: 0, host: '127.0.0.1', db: join(dir, 'trec.db'), dashboard: true, demo: true },
  env,
  (line) => {
    if (/demo|error/i.test(line) && !line.startsWith('{')) console.error(line);
  },
  (line) => printed.push(line),
);
const signIn = printed.map((l) => /(https?:\/\/\S+\/signin\?code=\S+)/.exec(l)?.[1]).find(Boolean);
if (!signIn) throw new Error(`no sign-in link in: ${printed.join('\n')}`);
const base = new URL(signIn).origin;
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const signed = await context.newPage();
  await signed.goto(signIn);
  await signed.locator('h1').waitFor();
  const systems = (await (await context.request.get(`${base}/v1/systems`)).json()) as {
    systems: { id: string; name: string }[];
  };
  const laundry = systems.systems.find((s) => s.name === 'Laundry AWHP')?.id;
  if (!laundry) throw new Error('the demo has no Laundry AWHP');
  await signed.close();
  // A day of the laundry simulation as the file dropped on the uploads page (understood, nothing stored).
  const day = join(dir, 'laundry-day.csv');
  await createFileApp().run('simulate', { days: 1, start: '2026-10-05', utcOffset: '-05:00', out: day });
  const pages: [string, string, { width: number; height: number }?][] = [
    ['portfolio', '/'],
    ['system', `/systems/${laundry}`],
    // one summer day of the laundry's 1-minute data, from the minutes route (runs of minutes at 1x)
    ['system-day', `/systems/${laundry}?from=2025-07-15&to=2025-07-16`],
    ['calculator', '/calculator?method=grec-formula&tons=4&cop=3.5'],
    [
      'formula-or-meter',
      '/formula-or-meter?program=md-geothermal&type=ground-source&tons=4&cop=3.5&meteredMwh=40&certificatePrice=30',
    ],
    ['uploads', '/uploads'],
    ['certificates', '/certificates'],
    ['evidence', `/systems/${laundry}/evidence`],
    ['portfolio-phone', '/', { width: 390, height: 844 }],
  ];
  for (const [name, path, viewport] of pages) {
    const page = await context.newPage();
    await page.setViewportSize(viewport ?? { width: 1280, height: 900 });
    await page.goto(`${base}${path}`);
    await page.locator('h1').waitFor();
    await page.waitForLoadState('networkidle');
    await page
      .locator('.loading')
      .first()
      .waitFor({ state: 'detached', timeout: 30_000 })
      .catch(() => {});
    if (name === 'uploads') {
      await page.getByRole('combobox', { name: 'System' }).selectOption({ label: 'Laundry AWHP' });
      await page.getByRole('combobox', { name: 'Meter' }).selectOption({ index: 1 });
      await page.getByTestId('file-input').setInputFiles(day);
      await page.getByTestId('understood').waitFor({ timeout: 30_000 });
    }
    await page.waitForTimeout(400); // debounced calculations and chart layout
    const file = join(out, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`screenshots: ${file}`);
    await page.close();
  }
  await context.close();
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`screenshots: done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
