#!/usr/bin/env node
// `npm run build`, also run by `prepare` (so `npm install` and `npm ci` leave a built bin/trec): bundles
// src/main.ts and its dependencies with esbuild into dist/trec.cjs, one CommonJS file that bin/trec
// compiles with a V8 code cache (docs/adr/0003-build-at-install.md). dist/ is git-ignored.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { BUNDLE, HEADER, ROOT, cachePath, fingerprint, loadBundle, writeAtomic } from '../bin/launch.js';

/**
 * In a bundle `import.meta.url` would be the bundle's address, so `new URL('../../reference/x', import.meta.url)`
 * would point elsewhere; and a CommonJS bundle has no `import.meta`. This plugin gives each source file under
 * src/ its own address back: `import.meta.url` becomes the URL of that .ts file, found from the bundle's place
 * (dist/ beside src/). Any other use of `import.meta` is left alone, and esbuild's warning about it fails the
 * build below.
 */
const sourceUrls = (root) => ({
  name: 'trec-source-urls',
  setup(b) {
    const src = join(root, 'src') + sep;
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      if (!args.path.startsWith(src)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(root, args.path).split(sep).join('/');
      return {
        contents: text.replace(/\bimport\.meta\.url\b/g, `__trecSourceUrl(${JSON.stringify(rel)})`),
        loader: args.path.endsWith('ts') ? 'ts' : 'js',
      };
    });
  },
});

/**
 * Builds dist/trec.cjs (and its code cache when `cache`). The fingerprint is taken before esbuild reads
 * anything, so a source edited during the build makes the bundle look stale, never fresh.
 */
export async function build({ root = ROOT, cache = true } = {}) {
  const fp = fingerprint(root);
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: [join(root, 'src', 'main.ts')],
    outfile: join(root, BUNDLE),
    bundle: true, // dependencies too: one file starts faster than node resolving commander, zod and luxon
    // Native or optional drivers stay outside the bundle and load from node_modules when the store opens a
    // database: better-sqlite3 (a native addon), pg and the pg-native it may try to require; kysely too, so
    // that the CLI's start-up (`trec --help`, the calculations) does not parse the query builder.
    external: ['better-sqlite3', 'pg', 'pg-native', 'kysely'],
    // The bundle runs in a vm.Script (for its code cache), where import() has no loader: the store's
    // `await import('pg')` becomes a require() in a promise.
    supported: { 'dynamic-import': false },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    banner: {
      js:
        'const __trecSourceUrl = (rel) => ' +
        'require("node:url").pathToFileURL(require("node:path").join(__dirname, "..", rel)).href;',
    },
    plugins: [sourceUrls(root)],
  });
  if (result.warnings.length > 0) {
    const text = result.warnings.map((w) => `${w.location?.file ?? ''}: ${w.text}`).join('\n');
    throw new Error(`esbuild warned (the build is refused):\n${text}`);
  }
  const body = result.outputFiles[0].text;
  const id = createHash('sha256').update(body).digest('hex').slice(0, 32);
  const text = `${HEADER}${JSON.stringify({ fingerprint: fp, id })}\n${body}`;
  mkdirSync(join(root, 'dist'), { recursive: true });
  if (cache) {
    // Run the bundle once (`trec --help`, output dropped) so the cache holds the functions a start-up
    // compiles, then write it before the bundle, so a reader of the new bundle finds its cache.
    const loaded = loadBundle(root, { fingerprint: fp, id, text }, { cache: false });
    const silent = { stdout: () => {}, stderr: () => {} };
    await loaded.exports.main(['node', 'trec', '--help'], silent);
    writeAtomic(cachePath(root, id), loaded.createCachedData());
  }
  writeAtomic(join(root, BUNDLE), text);
  for (const name of readdirSync(join(root, 'dist')))
    if (/^trec-[0-9a-f]+\.cache$/.test(name) && name !== `trec-${id}.cache`)
      rmSync(join(root, 'dist', name), { force: true });
  return { fingerprint: fp, id, bytes: text.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const built = await build();
  const ms = Math.round(performance.now() - started);
  process.stderr.write(`trec: built ${BUNDLE} (${Math.round(built.bytes / 1024)} KiB) in ${ms} ms\n`);
}
