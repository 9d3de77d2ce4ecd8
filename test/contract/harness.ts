// Contract suites: one list of cases per use case (inputs, and the answers their sources give), run against
// the use case directly and through the CLI; the HTTP API adds a third runner. Every runner must give the
// same JSON for the same input, and the same field for the same bad input.
import { describe, expect, it } from 'vitest';
import type { InputOf, UseCaseName } from '../../src/app/index.ts';
import { InputError, isOk, type Check, type FieldPath } from '../../src/core/index.ts';
import { flagOf } from '../../src/cli/run.ts';
import { createFileApp } from '../../src/main.ts';
import { trec } from '../helpers/cli.ts';
import { httpRunner } from './http-runner.ts';

// The JSON of a result: plain data whose shape each case asserts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResultJson = Record<string, any>;

export interface ContractCase<K extends UseCaseName> {
  name: string;
  input: InputOf<K>;
  /** The answer, from a source or a hand calculation written out in the case. */
  expect: (json: ResultJson) => void;
}

export interface ContractErrorCase<K extends UseCaseName> {
  name: string;
  input: InputOf<K>;
  /** The input field the error is about, in the use case's names. */
  path: FieldPath;
  /** The reason, as the use case words it. */
  detail: RegExp;
}

export interface ContractSuite<K extends UseCaseName> {
  useCase: K;
  /** The CLI command that runs it (`['calc']`, `['scop', FILE]`). */
  command: readonly string[];
  /** Argument words of the command for an input (default: `--flag value` per field, flags by flagOf). */
  argv?: (input: InputOf<K>) => string[];
  /** Input names the command words differently from flagOf's default. */
  flags?: Readonly<Record<string, string>>;
  cases: readonly ContractCase<K>[];
  errors?: readonly ContractErrorCase<K>[];
}

export type Answer = { json: ResultJson } | { error: { field: string; detail: string; path?: FieldPath } };

/** A way to ask a use case: directly, through the CLI, (later) over HTTP. */
export interface Runner {
  name: string;
  /** Whether this runner can run the use case (the HTTP runner: a route runs it); default all. */
  supports?: (useCase: UseCaseName) => boolean;
  ask<K extends UseCaseName>(suite: ContractSuite<K>, input: InputOf<K>): Promise<Answer>;
}

/** A scalar as the CLI takes it; an object (a header map, `--set` values) needs the suite's own argv. */
function word(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  throw new Error(`no CLI word for ${JSON.stringify(value)}: give the suite an argv builder`);
}

/** `--flag value` per given field; `true` is a bare flag; arrays repeat the flag. */
export function defaultArgv(
  input: Readonly<Record<string, unknown>>,
  flags: Readonly<Record<string, string>> = {},
) {
  const words: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === false) continue;
    const flag = flagOf([key], flags);
    if (value === true) words.push(flag);
    else if (Array.isArray(value)) for (const v of value as unknown[]) words.push(flag, word(v));
    else words.push(flag, word(value));
  }
  return words;
}

export const directRunner: Runner = {
  name: 'app',
  async ask(suite, input) {
    const app = createFileApp();
    try {
      return { json: app.present(suite.useCase, await app.run(suite.useCase, input)) };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const { path } = error.where;
      return {
        error: {
          field: path ? flagOf(path, suite.flags) : '',
          detail: error.detail,
          ...(path ? { path } : {}),
        },
      };
    }
  },
};

export const cliRunner: Runner = {
  name: 'cli',
  async ask(suite, input) {
    const argv = suite.argv ? suite.argv(input) : defaultArgv(input, suite.flags);
    const r = await trec(...suite.command, ...argv, '--json');
    if (r.code === 0) return { json: r.json() };
    expect(r.code, r.stderr).toBe(2);
    return { error: { field: r.stderr, detail: r.stderr } };
  },
};

export const RUNNERS: Runner[] = [directRunner, cliRunner, httpRunner];

/** Runs every case of a suite through every runner. */
export function contractSuite<K extends UseCaseName>(
  suite: ContractSuite<K>,
  runners: readonly Runner[] = RUNNERS,
) {
  describe(`contract: ${suite.useCase}`, () => {
    for (const runner of runners.filter((r) => r.supports?.(suite.useCase) ?? true))
      describe(`through ${runner.name}`, () => {
        for (const c of suite.cases)
          it(c.name, async () => {
            const answer = await runner.ask(suite, c.input);
            if (!('json' in answer)) throw new Error(`refused: ${answer.error.detail}`);
            // Every result with checks carries ok beside them, false exactly when a check is an error (the
            // fluid, convert and programs JSON has no checks: it is kept as it was).
            if ('checks' in answer.json) expect(answer.json.ok).toBe(isOk(answer.json.checks as Check[]));
            c.expect(answer.json);
          });
        for (const e of suite.errors ?? [])
          it(`refuses: ${e.name}`, async () => {
            const answer = await runner.ask(suite, e.input);
            if (!('error' in answer)) throw new Error('accepted');
            expect(answer.error.detail).toMatch(e.detail);
            // Each surface names the field in its own words: the flag for the CLI.
            expect(answer.error.field).toContain(flagOf(e.path, suite.flags));
            if (answer.error.path) expect(answer.error.path).toEqual(e.path);
          });
      });
  });
}
