// The API's parts on their own: the token bucket's arithmetic (hand figures), text inputs read by the use
// case's schema, JSON pointers (RFC 6901), and the tenant scope in the application layer (no HTTP).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, mayRun, scopedPorts, USE_CASES, type Actor } from '../../src/app/index.ts';
import { coerceText, pathOf, pointerOf, TokenBuckets } from '../../src/api/index.ts';
import { apiOn, world } from './helpers.ts';

describe('token buckets', () => {
  it('a burst of 3 at 2/s: 3 at once, then one every 0.5 s; Retry-After in whole seconds', () => {
    let now = 0;
    const b = new TokenBuckets({ perSecond: 2, burst: 3 }, () => now);
    expect([b.take('a'), b.take('a'), b.take('a')]).toEqual([0, 0, 0]);
    // Empty: 1 request needs 1 / 2 s = 0.5 s, worded as 1 s.
    expect(b.take('a')).toBe(1);
    now = 499;
    expect(b.take('a')).toBe(1); // 0.998 of a request refilled
    now = 500;
    expect(b.take('a')).toBe(0); // 1.0 refilled (the refused takes took nothing)
    expect(b.take('b')).toBe(0); // another token has its own bucket
    // Idle 10 s: full again (3), never above the burst.
    now = 10_500;
    expect([b.take('a'), b.take('a'), b.take('a'), b.take('a')]).toEqual([0, 0, 0, 1]);
  });

  it('a slow rate words the wait it needs: at 0.1/s an empty bucket waits 10 s', () => {
    const now = 0;
    const b = new TokenBuckets({ perSecond: 0.1, burst: 1 }, () => now);
    expect(b.take('a')).toBe(0);
    expect(b.take('a')).toBe(10);
  });
});

describe('text inputs read by the use case schema', () => {
  it('numbers, booleans, arrays and JSON objects as the schema types them; others stay text', () => {
    const energy = USE_CASES.energy.input;
    expect(
      coerceText(energy, {
        maxGap: ['600'],
        skipBadRows: ['true'],
        files: ['a.csv', 'b.csv'],
        map: ['{"Zeit":"time"}'],
        interval: ['total'],
      }),
    ).toEqual({
      maxGap: 600,
      skipBadRows: true,
      files: ['a.csv', 'b.csv'],
      map: { Zeit: 'time' },
      interval: 'total',
    });
    // Not a decimal: kept as text, so zod refuses it at its field (0x10 is not read as 16).
    expect(coerceText(energy, { maxGap: ['0x10'] })).toEqual({ maxGap: '0x10' });
    expect(coerceText(USE_CASES.calc.input, { tons: ['4'], cop: ['3.5'] })).toEqual({ tons: 4, cop: 3.5 });
  });

  it('JSON pointers: RFC 6901 escapes, and back', () => {
    expect(pointerOf(['points', 2, 'cop'])).toBe('/points/2/cop');
    expect(pointerOf(['a/b', 'm~n'])).toBe('/a~1b/m~0n');
    expect(pathOf('/a~1b/m~0n')).toEqual(['a/b', 'm~n']);
    expect(pathOf('/points/2/cop')).toEqual(['points', 2, 'cop']);
    expect(pathOf('')).toEqual([]);
  });
});

describe('roles', () => {
  it('admin runs everything; viewers only read; a use case nobody lists is the admin alone', () => {
    expect(mayRun('admin', 'withdraw')).toBe(true);
    expect(mayRun('aggregator', 'withdraw')).toBe(false);
    expect(mayRun('viewer', 'systems')).toBe(true);
    expect(mayRun('viewer', 'siteAdd')).toBe(false);
    expect(mayRun('installer', 'ingest')).toBe(true);
    expect(mayRun('installer', 'enrol')).toBe(false);
    expect(mayRun('monitor', 'attest')).toBe(true);
    expect(mayRun('aggregator', 'tokenCreate')).toBe(false);
    expect(mayRun('aggregator', 'someFutureUseCase')).toBe(false);
  });
});

describe('tenant scope in the application layer (no HTTP)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trec-scope-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a use case run with an actor sees only its organisation, however it is asked', async () => {
    const t = apiOn(join(dir, 'scope.db'));
    try {
      const w = await world(t);
      const actor: Actor = {
        organisationId: w.orgs.a.id as string,
        role: 'viewer',
        tokenId: 'tok_test',
        systemIds: null,
      };
      const app = createApp(scopedPorts(t.app.ports, actor));
      const systems = app.present('systems', await app.run('systems', {})) as { systems: { id: string }[] };
      expect(systems.systems.map((s) => s.id)).toEqual([w.systems.a.id]);
      await expect(app.run('systemShow', { system: w.systems.b.id as string })).rejects.toThrow(/no system/);
      await expect(
        app.run('data', { system: w.systems.b.id as string, from: '2024-01-01', to: '2024-01-02' }),
      ).rejects.toThrow(/no such system/);
      await expect(app.run('meter', { meter: w.meters.b.id as string })).rejects.toThrow(/no meter/);
      // The unscoped app (the CLI's) still sees both.
      const all = t.app.present('systems', await t.app.run('systems', {})) as { systems: unknown[] };
      expect(all.systems).toHaveLength(2);
    } finally {
      await t.close();
    }
  });
});
