import { describe, expect, it } from 'vitest';
import { degreeHours, dryBulbs, InputError, temperatureBins } from '../../src/core/index.ts';
import { loadSite, parseEpw, parseTmy3Csv, SITES } from '../../src/ingest/weather.ts';

describe('shipped weather files', () => {
  for (const id of Object.keys(SITES))
    it(`${id}: 8760 hours, bins sum to 8760`, () => {
      const w = loadSite(id);
      expect(w.hours).toHaveLength(8760);
      expect(temperatureBins(dryBulbs(w)).reduce((s, b) => s + b.hours, 0)).toBe(8760);
      expect(w.hours[0]).toMatchObject({ month: 1, day: 1, hour: 1 });
      expect(w.hours[8759]).toMatchObject({ month: 12, day: 31, hour: 24 });
    });

  it('reads the ASHRAE design temperatures from the EPW header', () => {
    // USA_VA_Richmond...epw line 2: "DESIGN CONDITIONS,1,Climate Design Data 2009 ASHRAE Handbook,,Heating,1,
    //   -8.4,-6.2,..." and "Cooling,7,10.4,34.9,..."
    const richmond = loadSite('richmond');
    expect(richmond.designHeatingC).toBe(-8.4);
    expect(richmond.designHeating99C).toBe(-6.2);
    expect(richmond.designCoolingC).toBe(34.9);
    // Boston: "Heating,1,-13.6,-10.9,..." and "Cooling,7,8.4,32.7,..."
    const boston = loadSite('boston');
    expect(boston.designHeatingC).toBe(-13.6);
    expect(boston.designCoolingC).toBe(32.7);
  });

  it('reads the first TMY3 record and the 00:00 row as hour 24', () => {
    // TMY3_NH_Concord_Municipal_AP.csv line 2: 01/01/1991,01:00:00,... Dry-bulb -11.1; line 25: 01/01/1991,00:00:00
    const concord = loadSite('concord');
    expect(concord.site).toBe('CONCORD MUNICIPAL ARPT, NH');
    expect(concord.hours[0]).toEqual({ month: 1, day: 1, hour: 1, dryBulbC: -11.1 });
    expect(concord.hours[23]).toMatchObject({ month: 1, day: 1, hour: 24 });
    expect(concord.designHeatingC).toBeUndefined();
  });

  it('Concord is colder than Richmond (heating degree-hours, 65 degF base)', () => {
    const hdh = (id: string) => degreeHours(dryBulbs(loadSite(id))).heatingKh;
    expect(hdh('concord')).toBeGreaterThan(hdh('richmond'));
  });
});

describe('weather file errors name file and line', () => {
  const header = ['LOCATION,X,ST,USA', 'DESIGN CONDITIONS,0', 'A', 'B', 'C', 'D', 'E', 'DATA PERIODS,1'];
  it('rejects a short year and a missing dry bulb', () => {
    expect(() => parseEpw([...header, '1999,1,1,1,0,x,5.0'].join('\n'), 'x.epw')).toThrow(/8760/);
    expect(() => parseEpw([...header, '1999,1,1,1,0,x,99.9'].join('\n'), 'x.epw')).toThrow(/x.epw, line 9/);
    expect(() => parseEpw('foo', 'x.epw')).toThrow(InputError);
    expect(() => parseTmy3Csv('a,b\n1,2', 'x.csv')).toThrow(/not a TMY3 CSV/);
  });

  it('unknown site lists the shipped ones', () => {
    expect(() => loadSite('paris')).toThrow(/boston, richmond, baltimore, concord/);
  });
});
