// `--file`: many registrations at once from a JSON array or CSV file, all or nothing, errors naming the record
// and the field as the file names it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';
import { REGISTRY_BACKENDS, type Target } from '../helpers/registry-db.ts';

for (const backend of REGISTRY_BACKENDS)
  describe.skipIf(backend.skip)(`registration files (${backend.name})`, () => {
    let target: Target;
    let dir: string;
    beforeEach(async () => {
      target = await backend.open();
      dir = mkdtempSync(join(tmpdir(), 'trec-regfile-'));
    });
    afterEach(async () => {
      rmSync(dir, { recursive: true, force: true });
      await target.close();
    });
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const ids = async (...args: string[]) => {
      const run = await trec(...args, '--db', target.db, '--json');
      expect(run.stderr).toBe('');
      return run.json<{ ids: string[] }>().ids;
    };

    it('registers organisations from JSON, sites from CSV, and systems all or nothing', async () => {
      const orgs = await ids('org', 'add', '--file', file('orgs.json', '[{"name": "A"}, {"name": "B"}]'));
      expect(orgs).toHaveLength(2);
      const sites = await ids(
        'site',
        'add',
        '--file',
        file('sites.csv', 'org,name,state,tz\nA,Home,MD,America/New_York\nB,Barn,NH,America/New_York\n'),
      );
      expect(sites).toHaveLength(2);
      const [site] = sites;
      // Line 3 gives 5 tons on a certificate printing 4: the whole file is refused, line 2 is not kept.
      const bad = file(
        'systems.csv',
        'site,name,technology,tons,cop,ahri_ref,ahri_tons,commissioned\n' +
          `${site},G1,ground-source,4,3.5,205,4,2024-05-01\n` +
          `${site},G2,ground-source,5,3.5,205,4,2024-05-01\n`,
      );
      const refused = await trec('system', 'add', '--file', bad, '--db', target.db);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`${bad}, line 3, field ahri_tons and tons`);
      expect(refused.stderr).toContain("rated 5 tons does not match the AHRI certificate's 4 tons");
      const none = (await trec('systems', '--db', target.db, '--json')).json<{ systems: unknown[] }>();
      expect(none.systems).toEqual([]);

      const good = file(
        'systems.json',
        JSON.stringify([
          {
            site,
            name: 'G1',
            technology: 'ground-source',
            tons: 4,
            cop: 3.5,
            ahri_ref: 205012345,
            ahri_tons: 4,
            commissioned: '2024-05-01',
          },
          {
            site,
            name: 'G2',
            technology: 'ground-source',
            'capacity-kw': 14.1,
            cop: 3.5,
            commissioned: '2024-05-01',
          },
        ]),
      );
      const systems = await ids('system', 'add', '--file', good);
      const listed = (await trec('systems', '--db', target.db, '--json')).json<{
        systems: { id: string }[];
      }>();
      expect(listed.systems.map((s) => s.id)).toEqual(systems);
      const shown = await trec('system', 'show', systems[0] ?? '', '--db', target.db, '--json');
      expect(shown.json<{ ahri_ref: string }>().ahri_ref).toBe('205012345');

      const enrolments = file(
        'enrol.csv',
        `system,program,method,start\n${systems[0]},md-geothermal,grec-formula,2024-06-01\n${systems[0]},m-rets-thermal,,2024-07-01\n`,
      );
      const double = await trec('enrol', '--file', enrolments, '--db', target.db);
      expect(double.code).toBe(2);
      expect(double.stderr).toContain(`${enrolments}, line 3, field start`);
      expect(double.stderr).toContain('double counting');
    });

    it('names an unknown field, and a bad value at its element in a JSON file', async () => {
      const unknown = file('orgs.json', '[{"name": "A"}, {"title": "B"}]');
      const run = await trec('org', 'add', '--file', unknown, '--db', target.db);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${unknown}, field [2].title: unknown field; the fields are name`);
      const orgs = (await trec('org', 'add', '--name', 'C', '--db', target.db, '--json')).json<{
        id: string;
      }>();
      const tz = file(
        'sites.json',
        JSON.stringify([{ org: orgs.id, name: 'S', state: 'MD', tz: 'Nowhere/City' }]),
      );
      const bad = await trec('site', 'add', '--file', tz, '--db', target.db);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`${tz}, field [1].tz (value "Nowhere/City"): not an IANA time zone`);
    });

    it('refuses --file beside an entity option, and still requires the options without it', async () => {
      const beside = await trec(
        'org',
        'add',
        '--file',
        file('o.json', '[]'),
        '--name',
        'X',
        '--db',
        target.db,
      );
      expect(beside.code).toBe(2);
      expect(beside.stderr).toContain("option '--name <name>' cannot be used with --file");
      const missing = await trec('org', 'add', '--db', target.db);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("required option '--name <name>' not specified");
    });
  });

describe('ids made within one millisecond', () => {
  it('sort in the order they were made (monotonicIds: the last one plus 1 in base32)', async () => {
    const { monotonicIds } = await import('../../src/main.ts');
    const tokens = ['01m8zz', '01m8zy', '01m900', '01m8aa'];
    let n = 0;
    const ids = monotonicIds({ next: () => tokens[n++] ?? '' });
    expect([1, 2, 3, 4].map(() => ids.next())).toEqual(['01m8zz', '01m900', '01m901', '01m902']);
  });
});
