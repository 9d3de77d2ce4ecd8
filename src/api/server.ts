// Serving the API on Node's http server (@hono/node-server), and stopping it gracefully: stop accepting,
// let the requests in flight finish (up to a grace period), then close what the caller opened (the database).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningServer {
  /** `http://host:port` as bound (port 0 picks a free port). */
  url: string;
  port: number;
  /** Stops accepting, waits for requests in flight (at most `graceMs`), then runs `onClosed`. */
  close(): Promise<void>;
}

export interface ListenOptions {
  port: number;
  host: string;
  /** How long requests in flight may take after a stop before their connections are cut (default 10 s). */
  graceMs?: number;
  /** Runs once the server has stopped (close the database here). */
  onClosed?: () => Promise<void>;
}

/** Serves `api` on host:port; resolves once listening. */
export async function listen(api: Pick<Hono, 'fetch'>, options: ListenOptions): Promise<RunningServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: api.fetch, port: options.port, hostname: options.host }, () =>
      resolve(s),
    ) as Server;
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections would hold close() open: closed now, and each busy one as soon as its
      // request is answered (checked every 25 ms); past the grace period every connection is cut.
      server.closeIdleConnections();
      const idle = setInterval(() => server.closeIdleConnections(), 25);
      const grace = setTimeout(() => server.closeAllConnections(), options.graceMs ?? 10_000);
      grace.unref();
      await stopped;
      clearInterval(idle);
      clearTimeout(grace);
      await options.onClosed?.();
    })());
  return { url: `http://${host}:${port}`, port, close };
}

/** Closes `server` on SIGTERM and SIGINT (once), then calls `done` (the process may then exit). */
export function closeOnSignals(server: RunningServer, done: (signal: string) => void): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    void server.close().then(() => done(signal));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
