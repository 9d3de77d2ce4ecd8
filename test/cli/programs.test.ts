import { describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';

describe('trec programs', () => {
  it('lists the programs as JSON', async () => {
    const r = await trec('programs', '--json');
    expect(r.code).toBe(0);
    const list = r.json<{ id: string; certificate_unit: string | null }[]>();
    expect(list.find((p) => p.id === 'm-rets-thermal')?.certificate_unit).toBe('1 Dth');
    expect(list.map((p) => p.id)).toContain('proposed-air-to-water-trec');
  });
  it('lists them for people, one per line', async () => {
    const r = await trec('programs');
    expect(r.stdout).toMatch(/^nh-class-i-thermal\s+in-force\s+NEPOOL-GIS\s+1 MWh\s+metered$/m);
    expect(r.stdout).toMatch(/^va-geothermal\s+rules-pending.*unsettled$/m);
  });
  it('shows one program with each value, its status and its sources', async () => {
    const r = await trec('programs', 'show', 'nh-class-i-thermal');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/BTU per MWh: 3412000 {2}\(verified \[nh-hb233\]\)/);
    expect(r.stdout).toMatch(/size classes: eligible \(> 1,000,000 BTU\/h\)/);
    expect(r.stdout).toMatch(/net of electricity: - {2}\(unknown\)/);
    expect(r.stdout).toMatch(/Sources:\n {2}\[nh-hb233\]/);
  });
  it('shows multipliers with the technology, size class and condition they apply to', async () => {
    // Massachusetts air source (DOER): 2 for a small unit supplying less than 100 % of the heating load, else 3.
    const r = await trec('programs', 'show', 'ma-aps-air-source');
    expect(r.stdout).toMatch(
      /multipliers: 2 \(air-source, small, supplying less than 100 % of the building heating load\); 3 \(air-source, small, all other\); 3 \(air-source, intermediate\)/,
    );
  });
  it('prints the program file as JSON with show --json', async () => {
    const r = await trec('programs', 'show', 'ma-aps-air-source', '--json');
    expect(r.json<{ id: string }>().id).toBe('ma-aps-air-source');
  });
  it('exits 2 on an unknown id', async () => {
    const r = await trec('programs', 'show', 'atlantis');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown program; known programs: .*md-geothermal/);
  });
});
