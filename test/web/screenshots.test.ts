// The README's screenshots (issue 12): every picture it links is in docs/screenshots/, and every picture
// there is linked, so that `npm run screenshots` (scripts/screenshots.ts) and the README stay one set.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './server.ts';

describe('README screenshots', () => {
  it('links every docs/screenshots/*.png, and every link exists', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const linked = new Set([...readme.matchAll(/\(docs\/screenshots\/([^)\s]+\.png)\)/g)].map((m) => m[1]));
    const files = readdirSync(join(ROOT, 'docs', 'screenshots')).filter((f) => f.endsWith('.png'));
    expect(linked.size).toBeGreaterThan(0);
    for (const name of linked) expect(existsSync(join(ROOT, 'docs', 'screenshots', name!)), name).toBe(true);
    expect([...linked].sort()).toEqual([...files].sort());
    // The pages scripts/screenshots.ts takes are the ones linked.
    const script = readFileSync(join(ROOT, 'scripts', 'screenshots.ts'), 'utf8');
    for (const name of files) expect(script, name).toContain(`'${name.replace(/\.png$/, '')}'`);
  });
});
