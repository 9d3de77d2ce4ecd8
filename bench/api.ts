// Issue 11's API speed goal (docs/performance.md, "The HTTP API"): POST /v1/calc serves at least half the
// requests per second of a bare Hono hello-world route measured in the same run, with p99 latency under 20 ms.
// Run by `npm run bench` (unless --skip-api), or alone: node --import tsx bench/api.ts
//
// Two servers, each in a child process of its own, so that neither shares its event loop with the load
// generator (autocannon, in this process):
//   - the real API: `bin/trec serve --port 0` over a temp SQLite database, as a user starts it (its request
//     log on standard error goes to a temp file, one JSON line per request, as in production);
//   - a bare Hono app with one `GET /hello` route on @hono/node-server (plain JavaScript, no loader).
// The tokens are made beforehand with the tokens use case (tokenCreate, aggregator role). The server's rate
// limit (per token: 50 requests/s, bursts of 100) stays on, so the load is spread over BENCH_API_TOKENS
// tokens (default 400: 20,000 requests/s before a 429), each request the next token in turn, as many
// clients of one server would be; the hello requests carry the same rotating header so that both sides cost
// the load generator the same.
// Measured interleaved (hello, calc, hello, calc, ...) after a warm-up of each: BENCH_API_ROUNDS rounds
// (default 2) of BENCH_API_S / rounds seconds per side (BENCH_API_S default 10), BENCH_API_CONNECTIONS
// connections (default 10). BENCH_API_PROFILE=DIR writes a CPU profile of the server (node --cpu-prof) there. requests/s is all answers over all measured seconds; p50 is the median of the
// rounds' p50, p99 the worst round's p99.
// Every calc answer must be right: its JSON is checked once against the hand-computed GREC formula, then
// every answer during the run must be status 200 and byte for byte that body (autocannon's verifyBody); any
// error, non-2xx or mismatch fails the run (exit 1). At the end the server's log must hold one line per
// calc request.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createFileApp, lazyRegistry } from '../src/main.ts';
import { goalTable, load, type GoalRow } from './store.ts';

export const TARGET_RPS_RATIO = 0.5;
export const TARGET_P99_MS = 20;

const SECONDS = Number(process.env.BENCH_API_S ?? 10);
const ROUNDS = Math.max(1, Number(process.env.BENCH_API_ROUNDS ?? 2));
const WARMUP_S = Number(process.env.BENCH_API_WARMUP_S ?? 2);
const CONNECTIONS = Number(process.env.BENCH_API_CONNECTIONS ?? 10);
const TOKENS = Number(process.env.BENCH_API_TOKENS ?? 400);

const root = fileURLToPath(new URL('..', import.meta.url));
const trecBin = fileURLToPath(new URL('../bin/trec', import.meta.url));

/** The docs' example (docs/api.md, Examples): Maryland's GREC formula for a 4-ton, COP 3.5 ground-source unit. */
const CALC_BODY = JSON.stringify({ method: 'grec-formula', tons: 4, cop: 3.5 });
/**
 * By hand, the published formula (src/core/methods/grec-formula): 4 tons x 12,000 BTU/h x 8,760 h x 3.5 /
 * 3,412,000 BTU/MWh = 1,471,680,000 / 3,412,000 = 431.3247... MWh, so 431 whole certificates (1 per MWh).
 */
const EXPECTED_MWH = 1_471_680_000 / 3_412_000;
const EXPECTED_CERTIFICATES = 431;

const HELLO_SERVER = `
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
const app = new Hono();
app.get('/hello', (c) => c.text('Hello, world!'));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
  process.stdout.write('listening on http://127.0.0.1:' + info.port + '\\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
}
interface Result {
  requests: Histogram;
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface RawRequest {
  headers?: Record<string, string>;
}
interface LoadOptions {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  verifyBody: (body: string) => boolean;
  headers: Record<string, string>;
  connections: number;
  duration: number;
  requests: { setupRequest: (request: RawRequest) => RawRequest }[];
}
// autocannon 9 is CommonJS without type declarations: the part used here, typed as its README documents it.
const autocannon = createRequire(import.meta.url)('autocannon') as (options: LoadOptions) => Promise<Result>;

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Waits for `pattern` in what `read` returns (the child's output so far); fails when the child exits first. */
async function waitFor(child: ChildProcess, read: () => string, pattern: RegExp, what: string) {
  const started = performance.now();
  for (;;) {
    const m = pattern.exec(read());
    if (m?.[1]) return m[1];
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before listening:\n${read()}`);
    if (performance.now() - started > 120_000) throw new Error(`${what} did not listen within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const stopper = (child: ChildProcess) => () =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** `trec serve` over `db`, its request log in `logPath`. */
async function startTrec(db: string, logPath: string): Promise<Server> {
  const env = { ...process.env };
  delete env.TREC_DB;
  const fd = openSync(logPath, 'w');
  const profile = process.env.BENCH_API_PROFILE;
  const args = ['serve', '--port', '0', '--host', '127.0.0.1', '--db', db];
  const child = spawn(
    process.execPath,
    [...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : []), trecBin, ...args],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', fd],
    },
  );
  closeSync(fd);
  const url = await waitFor(
    child,
    () => readFileSync(logPath, 'utf8'),
    /listening on (http:\/\/[^,\s]+)/,
    'trec serve',
  );
  return { name: 'trec serve', url, child, stop: stopper(child) };
}

async function startHello(): Promise<Server> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', HELLO_SERVER], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await waitFor(child, () => out, /listening on (http:\/\/\S+)/, 'the hello server');
  return { name: 'bare Hono', url, child, stop: stopper(child) };
}

/** Makes the organisation and TOKENS aggregator tokens with the use cases, as `trec tokens create` does. */
async function makeTokens(db: string): Promise<string[]> {
  const registry = lazyRegistry({ db, actor: 'bench/api.ts' });
  try {
    const app = createFileApp({}, registry.access, undefined, registry.tokens);
    const org = (await app.run('orgAdd', { name: 'Bench Thermal' })).result.organisation;
    const tokens: string[] = [];
    for (let i = 0; i < TOKENS; i++)
      tokens.push((await app.run('tokenCreate', { org: org.id, role: 'aggregator' })).result.token);
    return tokens;
  } finally {
    await registry.close();
  }
}

/** The calc answer, fetched once and checked against the hand figures; every answer of the run must equal it. */
async function calcAnswer(url: string, token: string): Promise<string> {
  const res = await fetch(`${url}/v1/calc`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: CALC_BODY,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST /v1/calc answered ${res.status}: ${text}`);
  const json = JSON.parse(text) as { certificates: number; mwh: number; method: string };
  if (
    json.method !== 'grec-formula' ||
    json.certificates !== EXPECTED_CERTIFICATES ||
    !(Math.abs(json.mwh / EXPECTED_MWH - 1) < 1e-12)
  )
    throw new Error(
      `POST /v1/calc: expected ${EXPECTED_CERTIFICATES} certificates and ${EXPECTED_MWH} MWh, got ${text}`,
    );
  return text;
}

/** CPU seconds (user + system) the process `pid` has used so far (Linux /proc), or NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
/** USER_HZ: the unit of /proc/PID/stat's times (100 on Linux everywhere in practice). */
const CLOCK_TICKS = 100;

function load1(server: Server, tokens: readonly string[], expectBody: string, seconds: number) {
  const calc = server.name === 'trec serve';
  let next = 0;
  return autocannon({
    url: `${server.url}${calc ? '/v1/calc' : '/hello'}`,
    method: calc ? 'POST' : 'GET',
    ...(calc ? { body: CALC_BODY } : {}),
    verifyBody: (body) => body === expectBody,
    headers: { 'content-type': 'application/json' },
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest(request) {
          const token = tokens[next++ % tokens.length] ?? '';
          request.headers = { ...request.headers, authorization: `Bearer ${token}` };
          return request;
        },
      },
    ],
  });
}

interface Side {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  bad: string[];
}

function summarise(results: readonly Result[]): Side {
  const requests = results.reduce((n, r) => n + r.requests.total, 0);
  const seconds = results.reduce((n, r) => n + r.duration, 0);
  const p50s = results.map((r) => r.latency.p50).sort((a, b) => a - b);
  const bad: string[] = [];
  for (const r of results) {
    if (r.errors) bad.push(`${r.errors} errors (${r.timeouts} timeouts)`);
    if (r.non2xx)
      bad.push(
        `${r.non2xx} non-2xx (${Object.entries(r.statusCodeStats)
          .map(([s, x]) => `${s}: ${x.count}`)
          .join(', ')})`,
      );
    if (r.mismatches) bad.push(`${r.mismatches} answers not the expected body`);
  }
  return {
    rps: requests / seconds,
    p50: p50s[(p50s.length - 1) >> 1] ?? NaN,
    p99: Math.max(...results.map((r) => r.latency.p99)),
    requests,
    bad,
  };
}

export async function apiBench(options: { log: (line: string) => void }): Promise<GoalRow[]> {
  const { log } = options;
  const dir = mkdtempSync(join(tmpdir(), 'trec-bench-api-'));
  const servers: Server[] = [];
  try {
    const db = join(dir, 'api.db');
    const logPath = join(dir, 'serve.log');
    let t = performance.now();
    const tokens = await makeTokens(db);
    log(
      `  ${tokens.length} tokens made with tokenCreate in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    const trec = await startTrec(db, logPath);
    servers.push(trec);
    const hello = await startHello();
    servers.push(hello);
    const helloBody = await (await fetch(`${hello.url}/hello`)).text();
    const calcBody = await calcAnswer(trec.url, tokens[0] ?? '');
    log(
      `  ${trec.name} at ${trec.url}, ${hello.name} at ${hello.url}; calc answer checked: ` +
        `${EXPECTED_CERTIFICATES} certificates, ${EXPECTED_MWH.toFixed(4)} MWh (${calcBody.length} bytes)`,
    );
    const sides = [
      { server: hello, body: helloBody, results: [] as Result[], cpuS: 0 },
      { server: trec, body: calcBody, results: [] as Result[], cpuS: 0 },
    ];
    log(`  load average ${load()}; warm-up ${WARMUP_S} s each`);
    for (const s of sides) await load1(s.server, tokens, s.body, WARMUP_S);
    const roundS = SECONDS / ROUNDS;
    t = performance.now();
    for (let round = 1; round <= ROUNDS; round++)
      for (const s of sides) {
        const cpu0 = cpuSeconds(s.server.child.pid);
        const r = await load1(s.server, tokens, s.body, roundS);
        const cpuS = cpuSeconds(s.server.child.pid) - cpu0;
        s.results.push(r);
        s.cpuS += cpuS;
        const rps = Math.round(r.requests.total / r.duration).toLocaleString('en-US');
        const usPerRequest = ((cpuS / r.requests.total) * 1e6).toFixed(0);
        log(
          `  round ${round} ${s.server.name.padEnd(10)} ${rps.padStart(7)} req/s, p50 ${r.latency.p50} ms, ` +
            `p99 ${r.latency.p99} ms, max ${r.latency.max} ms; server CPU ${usPerRequest} us/request; ` +
            `load average ${load()}`,
        );
      }
    const [h, c] = sides.map((s) => summarise(s.results)) as [Side, Side];
    const ratio = c.rps / h.rps;
    log(
      `  ${ROUNDS} x ${roundS} s per side, ${CONNECTIONS} connections, ${((performance.now() - t) / 1000).toFixed(0)} s; load average now ${load()}`,
    );
    for (const [side, x, what] of [
      [sides[0]!, h, 'GET /hello (bare Hono)'],
      [sides[1]!, c, 'POST /v1/calc (trec)  '],
    ] as const)
      log(
        `  ${what} ${Math.round(x.rps).toLocaleString('en-US').padStart(7)} req/s, p50 ${x.p50} ms, ` +
          `p99 ${x.p99} ms; server CPU ${((side.cpuS / x.requests) * 1e6).toFixed(0)} us/request`,
      );
    const ok = h.bad.length === 0 && c.bad.length === 0;
    if (!ok) {
      log(`  WRONG ANSWERS: hello: ${h.bad.join('; ') || 'none'}; calc: ${c.bad.join('; ') || 'none'}`);
      process.exitCode = 1;
    }
    await trec.stop();
    const logged = readFileSync(logPath, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"path":"/v1/calc"')).length;
    // Every answered request was logged (one more: calcAnswer's; requests cut at a round's end are logged too).
    const answered = sides[1]!.results.reduce((n, r) => n + r.requests.total, 0);
    log(
      `  request log: ${logged.toLocaleString('en-US')} lines for /v1/calc (measured answers: ${answered.toLocaleString('en-US')} + warm-up)`,
    );
    if (logged < answered) {
      log('  REQUEST LOG SHORT: fewer log lines than answered requests');
      process.exitCode = 1;
    }
    return [
      {
        goal: 'API: POST /v1/calc req/s / bare Hono GET /hello req/s (same run, loopback)',
        measured: `${ratio.toFixed(2)}x (${Math.round(c.rps)} / ${Math.round(h.rps)})${ok ? '' : ' WRONG ANSWERS'}`,
        target: `>= ${TARGET_RPS_RATIO}x`,
        pass: ok && ratio >= TARGET_RPS_RATIO,
      },
      {
        goal: 'API: POST /v1/calc p99 latency',
        measured: `${c.p99} ms (p50 ${c.p50} ms)`,
        target: `< ${TARGET_P99_MS} ms`,
        pass: ok && c.p99 < TARGET_P99_MS,
      },
    ];
  } finally {
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`API (bench/api.ts); load average ${load()}`);
  const rows = await apiBench({ log: (line) => console.log(line) });
  console.log(`\nAPI goals (issue 11); load average now ${load()}:\n${goalTable(rows)}`);
}
