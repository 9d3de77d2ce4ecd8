import { describe, expect, it } from 'vitest';
import { inSrc, ruleIds } from './lint.ts';

// src/core is pure (docs/architecture.md): it reads no clock, randomness, process, console, network, timer,
// global object, machine time zone or locale. Each case is code that does, linted in src/core (it fails with
// the rule named) and in src/ingest, an edge, where the same code is allowed.
const GLOBALS = 'no-restricted-globals';
const SYNTAX = 'no-restricted-syntax';
const CORE = inSrc('core/units');
const EDGE = inSrc('ingest');
const LUXON = "import { DateTime, Settings } from 'luxon';\n";

const banned: [what: string, source: string, rule: string, atTheEdge?: string[]][] = [
  ['globalThis.process', 'export const env = () => globalThis.process.env;\n', GLOBALS],
  ['globalThis.* at all', "export const g = () => globalThis.structuredClone({ a: 'x' });\n", GLOBALS],
  ['global (Node)', 'export const g = () => global.process.env;\n', GLOBALS],
  ['process', 'export const argv = () => process.argv;\n', GLOBALS],
  ['console', "export const log = () => console.log('x');\n", GLOBALS],
  ['fetch', "export const get = () => fetch('https://example.org');\n", GLOBALS],
  // TypeScript under ESM bans require() everywhere; in src/core it is a restricted global as well.
  [
    'require',
    "export const r = () => require('node:fs') as unknown;\n",
    GLOBALS,
    ['@typescript-eslint/no-require-imports'],
  ],
  ['performance.now()', 'export const t = () => performance.now();\n', GLOBALS],
  ['crypto.randomUUID()', 'export const id = () => crypto.randomUUID();\n', GLOBALS],
  ['crypto.getRandomValues', 'export const r = () => crypto.getRandomValues(new Uint8Array(4));\n', GLOBALS],
  ['setTimeout', 'export const later = (f: () => void) => setTimeout(f, 1);\n', GLOBALS],
  ['setInterval', 'export const every = (f: () => void) => setInterval(f, 1);\n', GLOBALS],
  ['setImmediate', 'export const soon = (f: () => void) => setImmediate(f);\n', GLOBALS],
  ['queueMicrotask', 'export const soon = (f: () => void) => { queueMicrotask(f); };\n', GLOBALS],
  ['Date() called as a function', 'export const now = () => Date();\n', SYNTAX],
  ['new Date() with no arguments', 'export const now = () => new Date();\n', SYNTAX],
  ['new Date with no parentheses', 'export const now = () => new Date;\n', SYNTAX],
  ['Date.now()', 'export const now = () => Date.now();\n', SYNTAX],
  ['Date.now passed along', 'export const clock: () => number = Date.now;\n', SYNTAX],
  ['Math.random', 'export const r = () => Math.random();\n', SYNTAX],
  ["Math['random']", "export const r = () => Math['random']();\n", SYNTAX],
  [
    "luxon's DateTime.now()",
    `${LUXON}export const t = () => DateTime.now();\nexport const s = Settings;\n`,
    SYNTAX,
  ],
  [
    "luxon's DateTime.local() with no arguments",
    `${LUXON}export const t = () => DateTime.local();\nexport const s = Settings;\n`,
    SYNTAX,
  ],
  [
    "luxon's DateTime.local() with only options (now, in a zone)",
    `${LUXON}export const t = () => DateTime.local({ zone: 'Europe/Berlin' });\nexport const s = Settings;\n`,
    SYNTAX,
  ],
  [
    "luxon's DateTime.utc() with no arguments",
    `${LUXON}export const t = () => DateTime.utc();\nexport const s = Settings;\n`,
    SYNTAX,
  ],
  [
    "luxon's Settings.now",
    `${LUXON}export const fix = () => { Settings.now = () => 0; };\nexport const d = DateTime;\n`,
    SYNTAX,
  ],
  [
    'local-time getters (the machine time zone)',
    'export const h = (ms: number) => new Date(ms).getHours();\n',
    SYNTAX,
  ],
  [
    'the machine time zone offset',
    'export const o = (ms: number) => new Date(ms).getTimezoneOffset();\n',
    SYNTAX,
  ],
  [
    'toLocaleString() with the default locale',
    'export const f = (n: number) => n.toLocaleString();\n',
    SYNTAX,
  ],
  ['import.meta', 'export const here = () => import.meta.url;\n', SYNTAX],
];

describe('lint: src/core reads no clock, randomness, process or global', () => {
  it.each(banned)('fails %s in src/core', async (_what, source, rule) => {
    expect(await ruleIds(CORE, source)).toContain(rule);
  });
  it.each(banned)('allows %s in an edge (src/ingest)', async (_what, source, _rule, atTheEdge = []) => {
    expect(await ruleIds(EDGE, source)).toEqual(atTheEdge);
  });
});

describe('lint: src/core may compute with times it is given', () => {
  it.each([
    [
      'new Date(ms) and the UTC methods',
      'export const y = (ms: number) => new Date(ms).getUTCFullYear() + Date.UTC(2024, 0, 1);\n',
    ],
    ['Date.parse', "export const t = () => Date.parse('2024-01-01T00:00:00Z');\n"],
    ['a named locale', "export const f = (n: number) => n.toLocaleString('en-US');\n"],
    [
      'luxon in a named zone',
      `${LUXON}export const t = (s: string) => DateTime.fromISO(s, { zone: 'Europe/Berlin' }).toMillis();\nexport const u = () => DateTime.local(2024, 3, 31, 2, 30, { zone: 'Europe/Berlin' });\nexport const v = () => DateTime.utc(2024, 1, 1);\nexport const z = () => Settings.throwOnInvalid;\n`,
    ],
    [
      'a local binding that shadows a global name',
      'export const f = (performance: { now(): number }) => performance.now();\n',
    ],
    ['a seeded generator passed in', 'export const r = (random: () => number) => random();\n'],
  ])('allows %s', async (_what, source) => {
    expect(await ruleIds(CORE, source)).toEqual([]);
  });
});
