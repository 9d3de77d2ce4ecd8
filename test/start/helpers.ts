// Runs `npm start` as `node scripts/start.js` (what the package's start script runs) in a working directory
// of the test's (so ./data/trec.db is the test's), on a free port, and reads the address and sign-in link
// it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export interface Started {
  /** http://127.0.0.1:PORT (the printed localhost address, as IPv4). */
  base: string;
  /** The printed sign-in link, on 127.0.0.1. */
  signIn: string;
  /** ms from the spawn to the sign-in line. */
  readyMs: number;
  /** ms from the spawn to the first 200 answer of `/`. */
  firstPageMs: number;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** `npm start` in `cwd` with `env` added; resolves once `/` answers 200 (fails after `timeoutMs`). */
export async function npmStart(
  cwd: string,
  env: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<Started> {
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'scripts', 'start.js')], {
    cwd,
    env: { ...process.env, PORT: '0', TREC_DB: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const state = { exited: false };
  void exited.then(() => (state.exited = true));
  const fail = (why: string) => {
    child.kill('SIGKILL');
    return new Error(`${why}\n--- stdout\n${out}\n--- stderr\n${err.slice(-4000)}`);
  };
  let link: RegExpExecArray | null = null;
  while (!(link = /Sign in \([^)]*\): (http:\/\/localhost:(\d+)(\/signin\?code=\S+))/.exec(out))) {
    if (state.exited) throw fail('npm start exited before printing its sign-in link');
    if (performance.now() - t0 > timeoutMs) throw fail(`no sign-in link within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const readyMs = performance.now() - t0;
  const base = `http://127.0.0.1:${link[2]}`;
  let firstPageMs = NaN;
  while (Number.isNaN(firstPageMs)) {
    const res = await fetch(`${base}/`).catch(() => undefined);
    if (res?.status === 200) firstPageMs = performance.now() - t0;
    else if (performance.now() - t0 > timeoutMs) throw fail(`/ did not answer 200 within ${timeoutMs} ms`);
    else await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base,
    signIn: `${base}${link[3]}`,
    readyMs,
    firstPageMs,
    stdout: () => out,
    stderr: () => err,
    async stop() {
      if (!state.exited) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Follows the sign-in link (without following the redirect): the cookie header to send, and the raw Set-Cookie. */
export async function signIn(link: string): Promise<{ cookie: string; setCookie: string; res: Response }> {
  const res = await fetch(link, { redirect: 'manual' });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0] ?? '', setCookie, res };
}
