import { describe, expect, it } from 'vitest';
import { inSrc, ruleIds } from './lint.ts';

// The dependency rule of docs/architecture.md (core <- app <- {store, ingest, api, cli}; main wires them) is
// the rule `trec/layers` of eslint.config.js. Each case lints a small source at a path: crossing a boundary
// fails with that rule, and the same import from a layer that may make it passes.
const LAYERS = 'trec/layers';
const importing = (spec: string): string => `import '${spec}';\n`;

type Case = [from: string, spec: string];
const fails = (cases: Case[]) =>
  it.each(cases)('%s may not import %s', async (from, spec) => {
    expect(await ruleIds(from, importing(spec))).toEqual([LAYERS]);
  });
const passes = (cases: Case[]) =>
  it.each(cases)('%s may import %s', async (from, spec) => {
    expect(await ruleIds(from, importing(spec))).toEqual([]);
  });

describe('lint: src/core imports nothing outside src/core', () => {
  fails([
    [inSrc('core/units'), '../../app/index.ts'],
    [inSrc('core/units'), '../../ingest/index.ts'],
    [inSrc('core/units'), '../../cli/main.ts'],
    [inSrc('core/units'), '../../store/index.ts'],
    [inSrc('core/units'), '../../api/index.ts'],
    [inSrc('core/units'), '../../main.ts'],
    [inSrc('core'), '../app/index.ts'],
    [inSrc('core/units'), 'node:fs'],
    [inSrc('core/units'), 'fs'],
    [inSrc('core/units'), 'node:fs/promises'],
    [inSrc('core/units'), 'node:crypto'],
  ]);
  passes([
    [inSrc('core/units'), '../fluids/index.ts'],
    [inSrc('core/heat-pump'), '../units/energy.ts'],
    [inSrc('core/heat-pump'), 'zod'],
  ]);
  it('fails a dynamic import and a re-export of another layer as well', async () => {
    expect(
      await ruleIds(inSrc('core/units'), "export const m = () => import('../../ingest/index.ts');\n"),
    ).toContain(LAYERS);
    expect(await ruleIds(inSrc('core/units'), "export * from '../../app/index.ts';\n")).toEqual([LAYERS]);
    expect(await ruleIds(inSrc('core/units'), "export type { Ports } from '../../app/index.ts';\n")).toEqual([
      LAYERS,
    ]);
  });
});

describe('lint: src/app imports only src/core, through src/core/index.ts', () => {
  fails([
    [inSrc('app'), '../ingest/index.ts'],
    [inSrc('app'), '../ingest/catalogues.ts'],
    [inSrc('app'), '../cli/main.ts'],
    [inSrc('app'), '../store/index.ts'],
    [inSrc('app'), '../api/index.ts'],
    [inSrc('app'), '../main.ts'],
    [inSrc('app'), '../core/units/energy.ts'],
    [inSrc('app'), 'node:fs'],
  ]);
  passes([
    [inSrc('app'), '../core/index.ts'],
    [inSrc('app'), './use-case.ts'],
    [inSrc('app'), 'zod'],
  ]);
});

describe('lint: src/ingest and src/store import only src/core and src/app, through their index files', () => {
  fails([
    [inSrc('ingest'), '../cli/main.ts'],
    [inSrc('ingest'), '../cli/commands/index.ts'],
    [inSrc('ingest/meter'), '../../cli/context.ts'],
    [inSrc('ingest'), '../store/index.ts'],
    [inSrc('ingest'), '../api/index.ts'],
    [inSrc('ingest'), '../main.ts'],
    [inSrc('ingest'), '../core/units/energy.ts'],
    [inSrc('ingest'), '../app/use-case.ts'],
    [inSrc('store'), '../ingest/index.ts'],
    [inSrc('store'), '../cli/main.ts'],
    [inSrc('store'), '../api/index.ts'],
  ]);
  passes([
    [inSrc('ingest'), '../core/index.ts'],
    [inSrc('ingest/meter'), '../../core/index.ts'],
    [inSrc('ingest'), '../app/index.ts'],
    [inSrc('ingest'), './meter/read.ts'],
    [inSrc('ingest'), 'node:fs'],
    [inSrc('store'), '../core/index.ts'],
    [inSrc('store'), '../app/index.ts'],
    [inSrc('store'), 'node:fs'],
  ]);
});

describe('lint: src/cli and src/api import src/app and src/core through their index files only', () => {
  fails([
    [inSrc('cli'), '../core/units/energy.ts'],
    [inSrc('cli/commands'), '../../core/units/energy.ts'],
    [inSrc('cli'), '../core/units/index.ts'],
    [inSrc('cli'), '../core'],
    [inSrc('cli'), '../app/use-case.ts'],
    [inSrc('cli/commands'), '../../app/calc.ts'],
    [inSrc('cli'), '../ingest/index.ts'],
    [inSrc('cli/commands'), '../../ingest/programs.ts'],
    [inSrc('cli'), '../store/index.ts'],
    [inSrc('cli'), '../api/index.ts'],
    [inSrc('cli'), '../main.ts'],
    [inSrc('api'), '../core/units/energy.ts'],
    [inSrc('api'), '../app/use-case.ts'],
    [inSrc('api'), '../ingest/index.ts'],
    [inSrc('api'), '../store/index.ts'],
    [inSrc('api'), '../cli/main.ts'],
  ]);
  passes([
    [inSrc('cli'), '../core/index.ts'],
    [inSrc('cli/commands'), '../../core/index.ts'],
    [inSrc('cli'), '../app/index.ts'],
    [inSrc('cli/commands'), '../context.ts'],
    [inSrc('cli'), 'commander'],
    [inSrc('cli'), 'node:fs'],
    [inSrc('api'), '../core/index.ts'],
    [inSrc('api'), '../app/index.ts'],
  ]);
  it('fails a type-only import, a re-export, a dynamic import and an import type of src/ingest', async () => {
    const cli = inSrc('cli/commands');
    expect(
      await ruleIds(cli, "import type { BadRow } from '../../ingest/index.ts';\nexport type B = BadRow;\n"),
    ).toEqual([LAYERS]);
    expect(await ruleIds(cli, "export * from '../../ingest/index.ts';\n")).toEqual([LAYERS]);
    expect(await ruleIds(cli, 'export const m = () => import(`../../ingest/index.ts`);\n')).toEqual([LAYERS]);
    expect(await ruleIds(cli, "export type B = import('../../ingest/index.ts').BadRow;\n")).toEqual([LAYERS]);
  });
});

describe('lint: src/main.ts, the composition root, and the code outside src/ import anything', () => {
  passes([
    ['src/main.ts', './cli/main.ts'],
    ['src/main.ts', './ingest/catalogues.ts'],
    ['src/main.ts', './core/units/energy.ts'],
    ['src/main.ts', './app/use-case.ts'],
    ['test/core/lint-probe.test.ts', '../../src/core/units/energy.ts'],
    ['test/core/lint-probe.test.ts', '../../src/cli/main.ts'],
  ]);
});
