import { describe, expect, it } from 'vitest';
import { inSrc, PROBE, ruleIds } from './lint.ts';

// typescript-eslint's type-checked rules are on for every TypeScript file, tests included: each case fails
// with the rule named, and the honest version of the same code passes.
const ts = (rule: string): string => `@typescript-eslint/${rule}`;
const TEST_FILE = `test/core/${PROBE}.test.ts`;
const ASYNC = 'async function save(): Promise<void> {\n  await Promise.resolve();\n}\n';

const cases: [rule: string, bad: string, good: string][] = [
  [
    'no-floating-promises',
    `${ASYNC}export function run(): void {\n  save();\n}\n`,
    `${ASYNC}export async function run(): Promise<void> {\n  await save();\n}\n`,
  ],
  [
    'no-misused-promises',
    `${ASYNC}export const each = (xs: number[]) => xs.forEach(async () => { await save(); });\n`,
    `${ASYNC}export const each = (xs: number[]) => Promise.all(xs.map(async () => { await save(); }));\n`,
  ],
  [
    'no-unsafe-member-access',
    'export const count = (text: string): unknown => JSON.parse(text).count;\n',
    "export const count = (text: string): unknown => { const v: unknown = JSON.parse(text); return typeof v === 'object' && v !== null && 'count' in v ? v.count : undefined; };\n",
  ],
  [
    'no-unsafe-assignment',
    'export const read = (text: string): unknown => { const v: number = JSON.parse(text); return v; };\n',
    'export const read = (text: string): unknown => { const v: unknown = JSON.parse(text); return v; };\n',
  ],
  [
    'no-unsafe-return',
    'export const read = (text: string): number => JSON.parse(text);\n',
    "export const read = (text: string): number => { const v: unknown = JSON.parse(text); return typeof v === 'number' ? v : NaN; };\n",
  ],
  [
    'no-unsafe-call',
    'export const run = (text: string): unknown => JSON.parse(text)();\n',
    'export const run = (f: () => unknown): unknown => f();\n',
  ],
  [
    'no-unsafe-argument',
    'const twice = (n: number) => 2 * n;\nexport const read = (text: string) => twice(JSON.parse(text));\n',
    'const twice = (n: number) => 2 * n;\nexport const read = (text: string) => twice(Number(text));\n',
  ],
  [
    'no-unnecessary-condition',
    "export const name = (s: string): string => s ?? 'none';\n",
    "export const name = (s: string | undefined): string => s ?? 'none';\n",
  ],
];

describe('lint: type-checked rules', () => {
  for (const [rule, bad, good] of cases) {
    it(`fails ${rule} in src/core, src/app, src/ingest, src/store, src/cli and a test file`, async () => {
      for (const path of [
        inSrc('core/units'),
        inSrc('app'),
        inSrc('ingest'),
        inSrc('store'),
        inSrc('cli/commands'),
        TEST_FILE,
      ])
        expect(await ruleIds(path, bad), path).toContain(ts(rule));
    });
    it(`passes the honest version (${rule})`, async () => {
      expect(await ruleIds(inSrc('ingest'), good)).toEqual([]);
      expect(await ruleIds(TEST_FILE, good)).toEqual([]);
    });
  }
});
