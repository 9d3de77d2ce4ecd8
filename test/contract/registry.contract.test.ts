// Contract suites of the registration use cases: the same cases against the use case directly and through the
// CLI, each runner on a database of its own (a temp SQLite file, given as `db`). Within a runner the cases run
// in order on that database: the organisation the first suite registers is the one the site suite names.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import type { InputOf, UseCaseName } from '../../src/app/index.ts';
import { InputError } from '../../src/core/index.ts';
import { flagOf } from '../../src/cli/run.ts';
import { createFileApp, lazyRegistry } from '../../src/main.ts';
import { cliRunner, contractSuite, type ContractSuite, type Runner } from './harness.ts';
import { httpRunner } from './http-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The app with a registry (the harness's direct runner has none), closed after each question. */
const app: Runner = {
  name: 'app',
  async ask(suite, input) {
    const registry = lazyRegistry({ actor: 'contract' });
    const a = createFileApp({}, registry.access);
    try {
      return { json: a.present(suite.useCase, await a.run(suite.useCase, input)) };
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
    } finally {
      await registry.close();
    }
  },
};

/** A runner on its own database file. */
const onDb = (runner: Runner): Runner => ({
  ...runner,
  ask: <K extends UseCaseName>(suite: ContractSuite<K>, input: InputOf<K>) =>
    runner.ask(suite, { ...input, db: join(dir, `${runner.name}.db`) }),
});
const RUNNERS = [onDb(app), onDb(cliRunner), onDb(httpRunner)];

contractSuite(
  {
    useCase: 'dbMigrate',
    command: ['db', 'migrate'],
    cases: [
      {
        name: 'a new database gets the registry schema (migrations 0001 and 0002)',
        input: {},
        expect: (j) =>
          expect(j).toMatchObject({
            dialect: 'sqlite',
            applied: [
              '0001_registry',
              '0002_ledger',
              '0003_api',
              '0004_rollup',
              '0005_readings',
              '0006_live',
              '0007_enrolment_multiplier',
            ],
          }),
      },
    ],
  },
  RUNNERS,
);

contractSuite(
  {
    useCase: 'orgAdd',
    command: ['org', 'add'],
    cases: [
      {
        name: 'an organisation and its default account, with ids',
        input: { name: 'Chesapeake Thermal' },
        expect: (j) => {
          expect(j.id).toMatch(/^org_[0-9a-z]+$/);
          expect(j.default_account_id).toMatch(/^acct_[0-9a-z]+$/);
          expect(j.name).toBe('Chesapeake Thermal');
        },
      },
    ],
    errors: [
      {
        name: 'the same name twice',
        input: { name: 'Chesapeake Thermal' },
        path: ['name'],
        detail: /already registered/,
      },
    ],
  },
  RUNNERS,
);

contractSuite(
  {
    useCase: 'siteAdd',
    command: ['site', 'add'],
    cases: [
      {
        name: 'a Maryland site in New York time, its organisation named by name; the country defaults to US',
        input: { org: 'Chesapeake Thermal', name: 'Annapolis', state: 'md', tz: 'America/New_York' },
        expect: (j) => expect(j).toMatchObject({ state: 'MD', country: 'US', tz: 'America/New_York' }),
      },
    ],
    errors: [
      {
        name: 'a time zone that is not in the IANA database',
        input: { org: 'Chesapeake Thermal', name: 'X', state: 'MD', tz: 'America/Annapolis' },
        path: ['tz'],
        detail: /not an IANA time zone/,
      },
      {
        name: 'an unknown organisation',
        input: { org: 'Nobody', name: 'X', state: 'MD', tz: 'UTC' },
        path: ['org'],
        detail: /no organisation Nobody/,
      },
    ],
  },
  RUNNERS,
);

contractSuite(
  {
    useCase: 'systemAdd',
    command: ['system', 'add'],
    cases: [],
    errors: [
      {
        // Emergent Energy Solutions (2022): values that do not match the AHRI certificate reduce credits.
        // 14.1 kW is 4.009 tons: within 4 tons printed, so the capacity agrees; COP 3.6 is outside 3.5's (3.45, 3.55).
        name: "a COP that is not the AHRI certificate's, naming both",
        input: {
          site: 'site_none',
          name: 'G',
          technology: 'ground-source',
          capacityKw: 14.1,
          cop: 3.6,
          ahriRef: '205',
          ahriTons: 4,
          ahriCop: 3.5,
          commissioned: '2024-05-01',
        },
        path: ['ahriCop'],
        detail: /rated COP 3\.6 does not match the AHRI certificate's COP 3\.5 \(AHRI ref 205\)/,
      },
      {
        name: 'an unknown site',
        input: {
          site: 'site_none',
          name: 'G',
          technology: 'ground-source',
          tons: 4,
          cop: 3.5,
          commissioned: '2024-05-01',
        },
        path: ['site'],
        detail: /no site site_none/,
      },
    ],
  },
  RUNNERS,
);

contractSuite(
  {
    useCase: 'enrol',
    command: ['enrol'],
    cases: [],
    errors: [
      {
        name: 'an unknown program',
        input: { system: 'sys_none', program: 'atlantis', start: '2024-06-01' },
        path: ['program'],
        detail: /unknown program; known programs: .*md-geothermal/,
      },
    ],
  },
  RUNNERS,
);

contractSuite(
  {
    useCase: 'systems',
    command: ['systems'],
    cases: [
      {
        name: 'no system registered yet: an empty list',
        input: {},
        expect: (j) => expect(j.systems).toEqual([]),
      },
    ],
  },
  RUNNERS,
);
