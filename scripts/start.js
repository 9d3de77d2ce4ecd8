#!/usr/bin/env node
// `npm start` (issue 12): builds what is missing, then runs `trec start` (the dashboard at `/`, the HTTP API
// under /v1, the demo data on the first start of an empty ./data/trec.db, a sign-in link; README "Start").
//  1. The dashboard: when web/ exists and web/dist is missing or older than its sources, Vite builds it (in
//     this process, web/'s vite config; `npm run build:web` without one); a fingerprint of web/'s files (and
//     package.json, package-lock.json) is kept in web/dist/.trec-build.json. A failed build is said and the server starts anyway (the API works; the page
//     says the dashboard is not built). Without web/ the server shows a placeholder page.
//  2. The CLI bundle: bin/trec rebuilds dist/ itself when it is stale (docs/adr/0003-build-at-install.md).
//  3. bin/trec `start ...args`, in this process and its working directory (so ./data is where you run it);
//     Ctrl-C or SIGTERM stops the server gracefully, as `trec serve`.
// PORT sets the port (default 8080), TREC_DEMO=0 starts without the demo data, TREC_DB another database;
// arguments after `npm start --` go to `trec start` (`npm start -- --port 9000 --no-demo`).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set(['dist', 'node_modules', '.vite', 'coverage']);

const say = (line) => process.stderr.write(`npm start: ${line}\n`);

/** SHA-256 over the paths and contents of web/'s source files (not dist/ or node_modules/) and the lockfile. */
export function webFingerprint(root = ROOT) {
  const web = join(root, 'web');
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )) {
      if (SKIP.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        hash.update(relative(web, path).split(sep).join('/'));
        hash.update('\0');
        hash.update(readFileSync(path));
        hash.update('\0');
      }
    }
  };
  walk(web);
  for (const file of ['package.json', 'package-lock.json'])
    if (existsSync(join(root, file))) hash.update(readFileSync(join(root, file)));
  return hash.digest('hex');
}

/** web/'s Vite config file, if it has one. */
const viteConfig = (web) =>
  ['vite.config.js', 'vite.config.mjs', 'vite.config.ts', 'vite.config.mts']
    .map((name) => join(web, name))
    .find((path) => existsSync(path));

/**
 * Builds web/dist when web/ exists and the build is missing or stale; returns what happened. Vite is run in
 * this process with web/'s own config (the type check of `npm run build:web` is the tests' business and
 * would triple the time to the first page); without a config, `npm run build:web`.
 */
export async function buildWeb(root = ROOT) {
  const web = join(root, 'web');
  if (!existsSync(web) || !statSync(web).isDirectory()) return 'no web/';
  const fp = webFingerprint(root);
  const stamp = join(web, 'dist', '.trec-build.json');
  let built;
  try {
    built = JSON.parse(readFileSync(stamp, 'utf8')).fingerprint;
  } catch {
    built = undefined;
  }
  if (built === fp && existsSync(join(web, 'dist', 'index.html'))) return 'up to date';
  const t0 = performance.now();
  const config = viteConfig(web);
  try {
    if (config) {
      say('building the dashboard (vite build) ...');
      const { build } = await import('vite');
      await build({ configFile: config, logLevel: 'warn' });
    } else {
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
      if (!pkg.scripts?.['build:web']) return 'no vite config and no build:web script';
      say('building the dashboard (npm run build:web) ...');
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const run = spawnSync(npm, ['run', '--silent', 'build:web'], {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: process.env,
      });
      if (run.status !== 0) throw new Error(`npm run build:web: exit ${run.status ?? run.signal}`);
    }
  } catch (error) {
    say(
      `the dashboard build failed (${error instanceof Error ? error.message : String(error)}): starting with the last build, if any`,
    );
    return 'failed';
  }
  writeFileSync(stamp, `${JSON.stringify({ fingerprint: fp, builtAt: new Date().toISOString() })}\n`);
  say(`dashboard built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 'built';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWeb();
  // bin/trec in this process (one process: Ctrl-C reaches the server once, and it stops gracefully).
  process.argv = [
    process.argv[0] ?? process.execPath,
    join(ROOT, 'bin', 'trec'),
    'start',
    ...process.argv.slice(2),
  ];
  await import(pathToFileURL(join(ROOT, 'bin', 'trec')).href);
}
