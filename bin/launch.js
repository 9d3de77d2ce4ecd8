// The launcher behind bin/trec (docs/adr/0003-build-at-install.md): it runs the CommonJS bundle that
// scripts/build.js writes to dist/ only when that bundle was built from the build inputs as they are now.
// Plain JavaScript on purpose: it runs before anything is compiled.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script, constants } from 'node:vm';

/** The repository root (bin/..), ending in the path separator. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = join('dist', 'trec.cjs');
/** The bundle's first line: this marker, then a JSON header {fingerprint, id}. */
export const HEADER = '// trec-build ';
/** Build inputs besides every file under src/: what esbuild reads, and how it is told to build. */
export const INPUTS = [
  'tsconfig.json',
  'package.json',
  'package-lock.json',
  'scripts/build.js',
  'bin/launch.js',
];

/**
 * A fingerprint of the build inputs: SHA-256 over each file's path, size, mtime, ctime and inode. Any write
 * to a file changes its ctime, which no tool can set back (utimes sets only atime and mtime), so an edited
 * source always changes the fingerprint; a copy or checkout that leaves the content alone may change it too,
 * which costs one rebuild. Stat only, no reading: about 1-2 ms for the ~130 files (docs/performance.md).
 */
export function fingerprint(root = ROOT) {
  const base = root.endsWith(sep) ? root : root + sep;
  const lines = [];
  const add = (path) => {
    const st = statSync(path, { throwIfNoEntry: false });
    const rel = path.slice(base.length);
    lines.push(st ? `${rel} ${st.size} ${st.mtimeMs} ${st.ctimeMs} ${st.ino}` : `${rel} absent`);
  };
  for (const rel of INPUTS) add(base + rel.split('/').join(sep));
  const files = [];
  for (const entry of readdirSync(base + 'src', { recursive: true, withFileTypes: true }))
    if (!entry.isDirectory()) files.push(entry.parentPath + sep + entry.name);
  for (const path of files.sort()) add(path);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** The bundle's header and text, or undefined when there is no readable bundle. */
export function readBundle(root = ROOT) {
  let text;
  try {
    text = readFileSync(join(root, BUNDLE), 'utf8');
  } catch {
    return undefined;
  }
  const end = text.indexOf('\n');
  if (!text.startsWith(HEADER) || end < 0) return undefined;
  try {
    const header = JSON.parse(text.slice(HEADER.length, end));
    if (typeof header.fingerprint !== 'string' || typeof header.id !== 'string') return undefined;
    return { fingerprint: header.fingerprint, id: header.id, text };
  } catch {
    return undefined;
  }
}

/** Where the V8 code cache of the bundle with this id lives (the id is a hash of the bundle's body). */
export const cachePath = (root, id) => join(root, 'dist', `trec-${id}.cache`);

/** Writes a file whole or not at all (a temporary file renamed over it), so concurrent readers never see half. */
export function writeAtomic(path, data) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Compiles and runs the bundle text as a CommonJS module in this context and returns its exports, with the
 * V8 code cache when one exists for this bundle (Node 20 has no compile cache for ES modules: the cache
 * saves parsing the ~1.3 MB on each start). V8 itself rejects a cache from another V8 version or other
 * flags (`cachedDataRejected`); then the source is compiled as without one. `saveCache()` writes the cache
 * after a run that had none, so it holds the functions the run compiled; a failure to write (read-only
 * install) is ignored: the cache only saves time.
 */
export function loadBundle(root, bundle, { cache = true } = {}) {
  const filename = join(root, BUNDLE);
  const cacheFile = cachePath(root, bundle.id);
  let cachedData;
  if (cache)
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  // Strict mode as in the ES modules the sources are; line numbers are the bundle's.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {"use strict";${bundle.text}\n})`;
  const script = new Script(wrapped, {
    filename,
    cachedData,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, join(root, 'dist'));
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    cacheUsed,
    saveCache() {
      if (cacheUsed || !cache) return;
      try {
        writeAtomic(cacheFile, script.createCachedData());
      } catch {
        // read-only dist/: run without the cache
      }
    },
    createCachedData: () => script.createCachedData(),
  };
}
