// `trec tokens create|list|revoke` and `trec serve` (issue 11): a token printed once (`--json`: id and token),
// never listed; a revoked token refused by the API; `trec serve` logging one start line (URL, database, MQTT
// state) and stopping on SIGTERM after the request in flight, exit code 0.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';
import { apiOn } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-api-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trec tokens', () => {
  const db = join(dir, 'tokens.db');

  it('create --json prints the id and the token once; list never shows it; revoke makes the API refuse it', async () => {
    expect((await trec('org', 'add', '--name', 'Chesapeake Thermal', '--db', db, '--json')).code).toBe(0);
    const made = await trec(
      'tokens',
      'create',
      '--org',
      'Chesapeake Thermal',
      '--role',
      'viewer',
      '--db',
      db,
      '--json',
    );
    expect(made.code, made.stderr).toBe(0);
    const j = made.json<{ id: string; token: string; role: string }>();
    expect(j.id).toMatch(/^tok_[0-9a-z]{26}$/);
    expect(j.token).toMatch(new RegExp(`^trec_${j.id}_[A-Za-z0-9_-]{43}$`));
    expect(j.role).toBe('viewer');
    const list = await trec('tokens', 'list', '--db', db, '--json');
    expect(list.stdout).toContain(j.id);
    expect(list.stdout).not.toContain(j.token);
    // the secret is what follows `trec_<id>_` (base64url: it may itself contain `_`)
    expect(list.stdout).not.toContain(j.token.slice(`trec_${j.id}_`.length));
    const t = apiOn(db);
    try {
      expect((await t.call('GET', '/v1/programs', { token: j.token })).status).toBe(200);
      const revoked = await trec('tokens', 'revoke', j.id, '--db', db, '--json');
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(revoked.json<{ revoked_at: string }>().revoked_at).toMatch(/^\d{4}-/);
      expect((await t.call('GET', '/v1/programs', { token: j.token })).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('refuses a role it does not know, an org-less aggregator, a monitor without systems, a past expiry', async () => {
    const bad = await trec('tokens', 'create', '--role', 'root', '--db', db);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--role.*unknown role/);
    const noOrg = await trec('tokens', 'create', '--role', 'aggregator', '--db', db);
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toMatch(/--org/);
    const monitor = await trec(
      'tokens',
      'create',
      '--role',
      'monitor',
      '--org',
      'Chesapeake Thermal',
      '--db',
      db,
    );
    expect(monitor.code).toBe(2);
    expect(monitor.stderr).toMatch(/--system/);
    const past = await trec('tokens', 'create', '--role', 'admin', '--expires', '2020-01-01', '--db', db);
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/--expires.*not in the future/);
    const unknown = await trec('tokens', 'revoke', 'tok_nosuch', '--db', db);
    expect(unknown.code).toBe(2);
  });
});

describe('trec serve', () => {
  it('logs its URL, database and MQTT state, serves, and stops on SIGTERM with exit code 0', async () => {
    const db = join(dir, 'serve.db');
    const made = await trec('tokens', 'create', '--role', 'admin', '--db', db, '--json');
    const token = made.json<{ token: string }>().token;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/main.ts',
        'serve',
        '--port',
        '0',
        '--db',
        db,
        '--mqtt',
        'mqtt://127.0.0.1:1883',
        '--mqtt-client-id',
        `trec-api-cli-test-${process.pid}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line: ${stderr}`)), 30_000);
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const start = stderr.split('\n')[0] ?? '';
    expect(start).toContain(`database ${db} (sqlite)`);
    expect(start).toContain('mqtt: mqtt://127.0.0.1:1883 (');
    const res = await fetch(`${url}/v1/calc`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'grec-formula', tons: 4, cop: 3.5 }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { certificates: number }).certificates).toBe(431);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/SIGTERM: stopped/);
    expect(stderr).not.toContain(token.slice(-43)); // the 43-character secret (base64url, may contain `_`)
    // One log line for the request.
    expect(stderr.split('\n').filter((l) => l.includes('"path":"/v1/calc"'))).toHaveLength(1);
  }, 60_000);
});
