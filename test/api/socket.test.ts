// The API on a real socket (Node's http server through @hono/node-server), where a JSON body is read from the
// request's own stream (src/api/app.ts, parsedBody) when it has all arrived, else by the general path: both
// give the same answer, on one keep-alive connection, body in the request's packet or later.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../src/api/index.ts';
import { apiOn, type Json, type TestApi } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-api-socket-'));
let t: TestApi;
let server: RunningServer;
let token: string;

beforeAll(async () => {
  t = apiOn(join(dir, 'socket.db'));
  token = await t.token({ role: 'admin' });
  server = await listen(t.api, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Reads HTTP/1.1 answers (Content-Length bodies) off one socket, in order. */
function answers(socket: Socket) {
  let pending = '';
  const waiting: ((a: { status: number; headers: string; body: string }) => void)[] = [];
  socket.on('data', (d: Buffer) => {
    pending += d.toString('utf8');
    for (;;) {
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = pending.slice(0, end);
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (Buffer.byteLength(pending.slice(end + 4)) < length) return;
      const body = pending.slice(end + 4, end + 4 + length);
      pending = pending.slice(end + 4 + length);
      waiting.shift()?.({ status: Number(head.slice(9, 12)), headers: head, body });
    }
  });
  return () => new Promise<{ status: number; headers: string; body: string }>((r) => waiting.push(r));
}

const calc = (body: string, extra = '') =>
  `POST /v1/calc HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
  `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n`;

describe('JSON bodies on a socket', () => {
  it('answers a body sent with its headers, one sent later and one in two parts, on one keep-alive connection', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const next = answers(socket);
    try {
      // 4 tons x 12,000 BTU/h x 8,760 h x 3.5 / 3,412,000 BTU/MWh = 431.32 MWh: 431 certificates.
      const body = '{"method":"grec-formula","tons":4,"cop":3.5}';
      socket.write(calc(body) + body);
      const first = await next();
      expect(first.status).toBe(200);
      expect((JSON.parse(first.body) as Json).certificates).toBe(431);
      expect(first.headers).toMatch(/x-request-id: [0-9a-f-]{36}/i);

      socket.write(calc(body));
      await new Promise((r) => setTimeout(r, 50));
      socket.write(body);
      const later = await next();
      expect(later.body).toBe(first.body);

      socket.write(calc(body) + body.slice(0, 20));
      await new Promise((r) => setTimeout(r, 50));
      socket.write(body.slice(20));
      const split = await next();
      expect(split.body).toBe(first.body);

      // 8 tons: twice the figure (862.65 MWh), so the second body was read, not the first one again.
      const eight = '{"method":"grec-formula","tons":8,"cop":3.5}';
      socket.write(calc(eight, 'X-Request-Id: mine-1\r\n') + eight);
      const other = await next();
      expect((JSON.parse(other.body) as Json).certificates).toBe(862);
      expect(other.headers).toMatch(/x-request-id: mine-1/i);
    } finally {
      socket.destroy();
    }
    const lines = t.logs.filter((l) => l.includes('"path":"/v1/calc"')).map((l) => JSON.parse(l) as Json);
    expect(lines.slice(-4).map((l) => `${String(l.method)} ${String(l.status)}`)).toEqual(
      Array(4).fill('POST 200'),
    );
    expect(lines.at(-1)?.request_id).toBe('mine-1');
  });

  it('refuses a body that is not JSON (400), and one over the limit by its Content-Length (413)', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const next = answers(socket);
    try {
      socket.write(calc('{"tons":') + '{"tons":');
      const bad = await next();
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.body)).toMatchObject({ error: { message: 'the body is not JSON' } });
      socket.write(
        `POST /v1/calc HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${2 * 1024 * 1024}\r\n\r\n{}`,
      );
      expect((await next()).status).toBe(413);
    } finally {
      socket.destroy();
    }
  });
});
