// Brokers for the MQTT tests: whether the machine's Mosquitto answers, and a private Mosquitto on a free port
// with persistence in a temp folder, which a test can stop and start again.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MOSQUITTO = '/usr/sbin/mosquitto';

/** Whether something accepts TCP connections on host:port within `ms`. */
export function answers(host: string, port: number, ms = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(ms, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

export interface PrivateBroker {
  port: number;
  url: string;
  dir: string;
  start(): Promise<void>;
  /** SIGTERM: Mosquitto writes its persistence file (sessions, queued messages) as it exits. */
  stop(): Promise<void>;
  remove(): Promise<void>;
}

export async function privateBroker(extraConfig: readonly string[] = []): Promise<PrivateBroker> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'trec-mosquitto-'));
  // Mosquitto started as root drops to the user `mosquitto`: without write access to the folder it cannot
  // save its persistence file, and a restart silently loses every session
  chmodSync(dir, 0o777);
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `persistence_location ${dir}/`,
      'max_queued_messages 0',
      'log_dest none',
      ...extraConfig,
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  const broker: PrivateBroker = {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    dir,
    async start() {
      child = spawn(MOSQUITTO, ['-c', config], { stdio: 'ignore' });
      for (let k = 0; k < 100; k++) {
        if (await answers('127.0.0.1', port, 200)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`the private Mosquitto did not answer on port ${port}`);
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGTERM');
      });
      child = null;
    },
    async remove() {
      await broker.stop();
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    },
  };
  await broker.start();
  return broker;
}
