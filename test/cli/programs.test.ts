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
  it('shows what the sources say, named by author and title (M-RETS thermal procedures, the proposal)', async () => {
    const m = await trec('programs', 'show', 'm-rets-thermal');
    expect(m.stdout).toMatch(
      /technologies: ground-source; air-source; water-source {2}\(verified \[mrets-rt-op\]\)/,
    );
    expect(m.stdout).toMatch(
      /\[mrets-rt-op\] M-RETS, Midwest Renewable Thermal Tracking System Operating Procedures/,
    );
    expect(m.stdout).toContain('https://github.com/mrets/Operating-Procedures/tree/master/rt');
    const p = await trec('programs', 'show', 'proposed-air-to-water-trec');
    expect(p.stdout).toMatch(
      /technologies: air-to-water {2}\(secondary \[case-for-trec, mass-ashp, mrets-rt-op\]\)/,
    );
    expect(p.stdout).toContain(
      'Emergent Energy Solutions, "How Is Thermal Energy Measured for GREC Purposes?", 2022',
    );
    for (const id of ['m-rets-thermal', 'proposed-air-to-water-trec', 'md-geothermal', 'va-geothermal']) {
      const r = await trec('programs', 'show', id);
      expect(r.stdout, id).not.toMatch(/seed[ -]?0\d\d|shared\/|seeds\//i);
    }
  });
  it('exits 2 on an unknown id', async () => {
    const r = await trec('programs', 'show', 'atlantis');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown program; known programs: .*md-geothermal/);
  });
});
