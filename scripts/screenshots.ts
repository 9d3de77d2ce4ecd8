// `npm run screenshots`: one PNG per dashboard page in docs/screenshots/ (linked from the README), taken in
// Debian's Chromium (playwright-core) from a real server over a seeded temp database (test/web/server.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, launch, pageWithToken, skipReason } from '../test/web/browser.ts';
import { ROOT, startWebServer } from '../test/web/server.ts';

const reason = skipReason();
if (reason) {
  console.error(`screenshots: ${reason}`);
  process.exit(1);
}
ensureBuilt();
const out = join(ROOT, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const server = await startWebServer({ days: 92 });
const browser = await launch();
try {
  const awhp = String(server.seed.awhp.id);
  const pages: [string, string, { width: number; height: number }?][] = [
    ['portfolio', '/'],
    ['system', `/systems/${awhp}`],
    ['calculator', '/calculator?method=grec-formula&tons=4&cop=3.5'],
    [
      'formula-or-meter',
      '/formula-or-meter?program=md-geothermal&type=ground-source&tons=4&cop=3.5&meteredMwh=40&certificatePrice=30',
    ],
    ['uploads', '/uploads'],
    ['certificates', '/certificates'],
    ['evidence', `/systems/${awhp}/evidence`],
    ['portfolio-phone', '/', { width: 390, height: 844 }],
  ];
  for (const [name, path, viewport] of pages) {
    const page = await pageWithToken(browser, server.token, viewport ?? { width: 1280, height: 900 });
    await page.goto(`${server.url}${path}`);
    await page.locator('h1').waitFor();
    await page.waitForLoadState('networkidle');
    await page
      .locator('.loading')
      .first()
      .waitFor({ state: 'detached', timeout: 20_000 })
      .catch(() => {});
    if (name === 'uploads') {
      // Show what a dropped file is understood as (a day of the laundry's data; nothing is stored).
      await page.getByRole('combobox', { name: 'System' }).selectOption({ label: 'Laundry AWHP' });
      await page.getByRole('combobox', { name: 'Meter' }).selectOption({ index: 1 });
      const file = join(server.dir, 'laundry-day.csv');
      const lines = readFileSync(join(server.dir, 'laundry.csv'), 'utf8').split('\n').slice(0, 1442);
      writeFileSync(file, lines.join('\n') + '\n');
      await page.getByTestId('file-input').setInputFiles(file);
      await page.getByTestId('understood').waitFor({ timeout: 20_000 });
    }
    await page.waitForTimeout(400); // debounced calculations and chart layout
    const file = join(out, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`screenshots: ${file}`);
    await page.context().close();
  }
} finally {
  await browser.close();
  await server.close();
}
