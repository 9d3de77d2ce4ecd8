// `npm start` builds the dashboard only when it must (scripts/start.js buildWeb): with web/ and no build it
// runs Vite with web/'s config, a second start finds the build current, and a changed source builds again.
// A project without web/ builds nothing (the server then shows its placeholder page).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript without types (scripts/ are not type-checked)
import { buildWeb, webFingerprint } from '../../scripts/start.js';

const build = buildWeb as (root: string) => Promise<string>;
const fingerprint = webFingerprint as (root: string) => string;

const root = mkdtempSync(join(tmpdir(), 'trec-build-web-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm start builds web/ when it is stale', () => {
  it('builds nothing without web/', async () => {
    expect(await build(join(root, 'nothing-here'))).toBe('no web/');
  });

  it('builds, then finds the build current, then builds again after a change', async () => {
    writeFileSync(join(root, 'package.json'), '{"name":"x","private":true}\n');
    mkdirSync(join(root, 'web', 'src'), { recursive: true });
    writeFileSync(
      join(root, 'web', 'vite.config.js'),
      "export default { root: import.meta.dirname, logLevel: 'warn', build: { outDir: 'dist', emptyOutDir: true } };\n",
    );
    writeFileSync(
      join(root, 'web', 'index.html'),
      '<!doctype html><title>t</title><script type="module" src="/src/main.js"></script>\n',
    );
    writeFileSync(join(root, 'web', 'src', 'main.js'), "document.title = 'one';\n");
    expect(await build(root)).toBe('built');
    expect(existsSync(join(root, 'web', 'dist', 'index.html'))).toBe(true);
    const stamp = JSON.parse(readFileSync(join(root, 'web', 'dist', '.trec-build.json'), 'utf8')) as {
      fingerprint: string;
    };
    expect(stamp.fingerprint).toBe(fingerprint(root));
    expect(await build(root)).toBe('up to date');
    writeFileSync(join(root, 'web', 'src', 'main.js'), "document.title = 'two';\n");
    expect(fingerprint(root)).not.toBe(stamp.fingerprint);
    expect(await build(root)).toBe('built');
    expect(await build(root)).toBe('up to date');
  });
});
