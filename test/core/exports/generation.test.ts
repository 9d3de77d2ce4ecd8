import { describe, expect, it } from 'vitest';
import {
  exportGeneration,
  InputError,
  type ExportFormat,
  type GenerationMonth,
} from '../../../src/core/index.ts';

// Expected files are typed by hand from each registry's documentation (docs/exports.md cites them):
// - NEPOOL GIS, Reporting Data, "Reporting MWh Data as a Verifier": no header, one line per unit and month,
//   "unit ID number, month/year and monthly output in that order"; NON12345 with 100.123 MWh in January 2013
//   is `12345, 01/2013, 100.123`; multi-unit lines have no spaces (`12345,01/2013,100.521`).
// - M-RETS Help, "Generation Upload Data Format": Generator ID (M805 -> 805), Reporting Unit ID, Vintage
//   MM/YYYY (7 characters), Start and End Date MM/DD/YYYY (10 characters), Total MWh; a header row as in
//   M-RETS's sample upload file; "Use the M-RETS ID if your generator does not have a Reporting Unit ID".
// - PJM-GATS: no template found; TREC's layout Unit ID, Unit Name, Month, Start Date, End Date, MWh.
// Lines are joined by CRLF (RFC 4180 2.1) with no line break after the last one.

const CRLF = '\r\n';

function row(over: Partial<GenerationMonth>): GenerationMonth {
  return {
    programId: 'ma-aps-air-source',
    registry: 'NEPOOL-GIS',
    unitId: 'NON12345',
    reportingUnitId: null,
    enrolmentId: 'E1',
    systemId: 'S1',
    systemName: 'Library heat pump',
    month: '2026-07',
    energyWh: 2_500_000,
    unit: 'MWh',
    btuPerMwh: null,
    ...over,
  };
}

const nh = (over: Partial<GenerationMonth>): GenerationMonth =>
  row({ programId: 'nh-class-i-thermal', btuPerMwh: 3_412_000, ...over });

const mrets = (over: Partial<GenerationMonth>): GenerationMonth =>
  row({
    programId: 'm-rets-thermal',
    registry: 'M-RETS',
    unitId: 'M805',
    reportingUnitId: 'RU-1',
    unit: 'Dth',
    energyWh: 20_000_000,
    ...over,
  });

const gats = (over: Partial<GenerationMonth>): GenerationMonth =>
  row({
    programId: 'md-geothermal',
    registry: 'PJM-GATS',
    unitId: 'NON95001',
    btuPerMwh: 3_412_000,
    ...over,
  });

const codes = (r: { checks: { code: string; severity: string }[] }) =>
  r.checks.map((c) => `${c.severity}:${c.code}`);

describe('NEPOOL-GIS verifier upload', () => {
  it("reproduces the registry's own example: NON12345, 100.123 MWh, January 2013", () => {
    const r = exportGeneration('nepool-gis', [row({ month: '2013-01', energyWh: 100_123_000 })]);
    expect(r.text).toBe('12345,01/2013,100.123');
    expect(r.rows).toBe(1);
    expect(r.checks).toEqual([]);
  });

  it('NON12345 with 2,500,000 Wh in 2026-07 is 12345,07/2026,2.500 (no header, no trailing line break)', () => {
    expect(exportGeneration('nepool-gis', [row({})]).text).toBe('12345,07/2026,2.500');
  });

  it("the registry's multi-unit example, all units in one file, sorted by unit then month", () => {
    // From the page: 12345 100.521, 55555 350.51, 44444 600.921, 33333 50 MWh in January 2013 (given here out
    // of order, with 12345 also in February); three decimals always.
    const r = exportGeneration('nepool-gis', [
      row({ unitId: 'NON55555', month: '2013-01', energyWh: 350_510_000, enrolmentId: 'E5' }),
      row({ unitId: 'NON12345', month: '2013-02', energyWh: 1_000, enrolmentId: 'E1' }),
      row({ unitId: 'NON44444', month: '2013-01', energyWh: 600_921_000, enrolmentId: 'E4' }),
      row({ unitId: 'NON12345', month: '2013-01', energyWh: 100_521_000, enrolmentId: 'E1' }),
      row({ unitId: '33333', month: '2013-01', energyWh: 50_000_000, enrolmentId: 'E3' }),
    ]);
    expect(r.text).toBe(
      [
        '12345,01/2013,100.521',
        '12345,02/2013,0.001',
        '33333,01/2013,50.000',
        '44444,01/2013,600.921',
        '55555,01/2013,350.510',
      ].join(CRLF),
    );
    expect(r.rows).toBe(5);
  });

  it('sorts unit numbers as numbers: 999 before 1000 before 12345', () => {
    const r = exportGeneration('nepool-gis', [
      row({ unitId: 'NON12345' }),
      row({ unitId: 'NON1000', enrolmentId: 'E2' }),
      row({ unitId: 'NON999', enrolmentId: 'E3' }),
    ]);
    expect(r.text.split(CRLF).map((l) => l.split(',')[0])).toEqual(['999', '1000', '12345']);
  });

  it('sums several enrolments of one unit and month before converting (2.501, not 1.200 + 1.300)', () => {
    // 1,200,400 Wh + 1,300,700 Wh = 2,501,100 Wh = 2.5011 MWh -> 2.501; truncating each first would give 2.500.
    const r = exportGeneration('nepool-gis', [
      row({ enrolmentId: 'E1', energyWh: 1_200_400 }),
      row({ enrolmentId: 'E2', systemId: 'S2', unitId: '12345', energyWh: 1_300_700 }),
    ]);
    expect(r.text).toBe('12345,07/2026,2.501');
    expect(r.rows).toBe(1);
  });

  it('truncates to three decimals, never rounding up (1.9996 MWh is 1.999)', () => {
    expect(exportGeneration('nepool-gis', [row({ energyWh: 1_999_600 })]).text).toBe('12345,07/2026,1.999');
  });

  it("converts by New Hampshire's 3,412,000 BTU = 1 MWh", () => {
    // 1,000,000 Wh = 3,412,141.63 BTU = 1.0000415 MWh -> 1.000; 100,000,000 Wh = 341,214,163.3 BTU = 100.00415 MWh
    const r = exportGeneration('nepool-gis', [
      nh({ unitId: 'NON1', energyWh: 1_000_000 }),
      nh({ unitId: 'NON2', energyWh: 100_000_000, enrolmentId: 'E2' }),
    ]);
    expect(r.text).toBe(['1,07/2026,1.000', '2,07/2026,100.004'].join(CRLF));
  });

  it('refuses a row with no unit id: an error naming the enrolment and system, the row left out', () => {
    const r = exportGeneration('nepool-gis', [
      row({}),
      row({ unitId: null, enrolmentId: 'E7', systemId: 'S7', systemName: 'Gym', energyWh: 3_000_000 }),
      row({ unitId: '   ', enrolmentId: 'E8', systemId: 'S8', systemName: 'Pool' }),
    ]);
    expect(r.text).toBe('12345,07/2026,2.500');
    expect(r.rows).toBe(1);
    expect(codes(r)).toEqual(['error:export-unit-id-missing', 'error:export-unit-id-missing']);
    expect(r.checks[0]?.message).toContain('enrolment E7 (system S7 "Gym")');
    expect(r.checks[0]?.message).toContain('2026-07');
    expect(r.checks[0]?.message).toContain('3.000 MWh');
    expect(r.checks[0]?.message).toContain('left out');
    expect(r.checks[1]?.message).toContain('enrolment E8 (system S8 "Pool")');
  });

  it('refuses a unit id that is not NON + digits, =HYPERLINK(...) included, so it never reaches the file', () => {
    const r = exportGeneration('nepool-gis', [
      row({ unitId: '=HYPERLINK("http://evil.example","x")' }),
      row({ unitId: 'MSS123', enrolmentId: 'E2' }),
    ]);
    expect(r.text).toBe('');
    expect(r.rows).toBe(0);
    expect(codes(r)).toEqual([
      'error:export-unit-id-invalid',
      'error:export-unit-id-invalid',
      'warning:export-empty',
    ]);
    expect(r.checks[0]?.message).toContain('enrolment E1 (system S1 "Library heat pump")');
  });

  it('leaves rows of other registries out, with an info check counting them', () => {
    const r = exportGeneration('nepool-gis', [
      row({}),
      mrets({ enrolmentId: 'E2' }),
      row({ registry: null, enrolmentId: 'E3', programId: 'proposed-air-to-water-trec' }),
    ]);
    expect(r.text).toBe('12345,07/2026,2.500');
    expect(codes(r)).toEqual(['info:export-other-registry']);
    expect(r.checks[0]?.message).toContain('2 of 3 rows');
  });

  it('refuses a bad month or energy, and enrolments of one unit under different BTU/MWh constants', () => {
    const r = exportGeneration('nepool-gis', [
      row({ month: '2026-13' }),
      row({ energyWh: 1.5, enrolmentId: 'E2' }),
      row({ energyWh: -1, enrolmentId: 'E3' }),
      row({ unitId: 'NON7', enrolmentId: 'E4' }),
      nh({ unitId: 'NON7', enrolmentId: 'E5' }),
      row({ unitId: 'NON8', enrolmentId: 'E6' }),
    ]);
    expect(r.text).toBe('8,07/2026,2.500');
    expect(codes(r)).toEqual([
      'error:export-month-invalid',
      'error:export-energy-invalid',
      'error:export-energy-invalid',
      'error:export-units-conflict',
      'error:export-units-conflict',
    ]);
    expect(r.checks[3]?.message).toContain('nh-class-i-thermal: 3412000');
  });

  it('writes a zero month as 0.000 (100 % of generation reported)', () => {
    expect(exportGeneration('nepool-gis', [row({ energyWh: 0 })]).text).toBe('12345,07/2026,0.000');
  });

  it('an empty export is an empty file with a warning', () => {
    const r = exportGeneration('nepool-gis', []);
    expect(r).toEqual({ text: '', rows: 0, checks: [expect.objectContaining({ code: 'export-empty' })] });
  });
});

describe('M-RETS generation upload', () => {
  const header = 'Generator ID,Reporting Unit ID,Vintage,Vintage Start Date,Vintage End Date';

  it('one line per generator, reporting unit and month, header first, Dth for renewable thermal', () => {
    // 20,000,000 Wh = 7.2e10 J / 1,055,055,852.62 J/Dth = 68.24283 Dth -> 68.242.
    // 2026-02 has 28 days; 2028-02 has 29.
    const r = exportGeneration('m-rets', [
      mrets({ month: '2028-02' }),
      mrets({ month: '2026-02' }),
      mrets({ unitId: '806', reportingUnitId: null, month: '2026-07', energyWh: 293_071, enrolmentId: 'E2' }),
    ]);
    expect(r.text).toBe(
      [
        `${header},Total Dth`,
        '805,RU-1,02/2026,02/01/2026,02/28/2026,68.242',
        '805,RU-1,02/2028,02/01/2028,02/29/2028,68.242',
        '806,806,07/2026,07/01/2026,07/31/2026,0.999', // 293,071 Wh is just under 1 Dth; no reporting unit -> the M-RETS ID
      ].join(CRLF),
    );
    expect(r.rows).toBe(3);
    expect(codes(r)).toEqual(['warning:export-thermal-layout-unconfirmed']);
  });

  it('MWh generation under the Total MWh header', () => {
    const r = exportGeneration('m-rets', [
      mrets({
        unit: 'MWh',
        energyWh: 178_900_000,
        unitId: '5555',
        reportingUnitId: '5555',
        month: '2020-10',
      }),
    ]);
    // M-RETS's sample upload: 5555,5555,10/2020,10/1/2020,10/31/2020,178.9 (dates zero-padded here: 10 characters).
    expect(r.text).toBe(
      [`${header},Total MWh`, '5555,5555,10/2020,10/01/2020,10/31/2020,178.900'].join(CRLF),
    );
    expect(r.checks).toEqual([]);
  });

  it('protects a Reporting Unit ID against formula injection (quote prefix, RFC 4180 quoting)', () => {
    const r = exportGeneration('m-rets', [
      mrets({ reportingUnitId: '=HYPERLINK("http://evil.example","x")' }),
    ]);
    expect(r.text.split(CRLF)[1]).toBe(
      '805,"\'=HYPERLINK(""http://evil.example"",""x"")",07/2026,07/01/2026,07/31/2026,68.242',
    );
  });

  it('refuses an id that is not an M-RETS ID, and MWh rows in a Dth file', () => {
    const r = exportGeneration('m-rets', [
      mrets({}),
      mrets({ unitId: 'RT-9', enrolmentId: 'E2' }),
      mrets({ unit: 'MWh', unitId: 'M900', enrolmentId: 'E3', systemId: 'S3' }),
    ]);
    expect(r.text).toBe([`${header},Total Dth`, '805,RU-1,07/2026,07/01/2026,07/31/2026,68.242'].join(CRLF));
    expect(codes(r)).toEqual([
      'error:export-unit-id-invalid',
      'error:export-units-mixed',
      'warning:export-thermal-layout-unconfirmed',
    ]);
    expect(r.checks[1]?.message).toContain('enrolment E3 (system S3');
  });

  it('keeps reporting units of one generator apart', () => {
    const r = exportGeneration('m-rets', [
      mrets({ reportingUnitId: 'B' }),
      mrets({ reportingUnitId: 'A', enrolmentId: 'E2' }),
    ]);
    expect(r.rows).toBe(2);
    expect(
      r.text
        .split(CRLF)
        .slice(1)
        .map((l) => l.split(',')[1]),
    ).toEqual(['A', 'B']);
  });
});

describe('PJM-GATS monthly generation (layout unconfirmed)', () => {
  it("one line per unit and month in TREC's layout, Maryland's 3,412,000 BTU/MWh, with a warning", () => {
    // 100,000,000 Wh = 341,214,163.3 BTU / 3,412,000 = 100.00415 MWh -> 100.004
    const r = exportGeneration('gats', [gats({ energyWh: 100_000_000, month: '2026-09' })]);
    expect(r.text).toBe(
      [
        'Unit ID,Unit Name,Month,Start Date,End Date,MWh',
        'NON95001,Library heat pump,09/2026,09/01/2026,09/30/2026,100.004',
      ].join(CRLF),
    );
    expect(codes(r)).toEqual(['warning:export-layout-unconfirmed']);
  });

  it('protects unit ids and names against formula injection', () => {
    const r = exportGeneration('gats', [
      gats({ unitId: '@SUM(A1)', systemName: '=HYPERLINK("http://evil.example","x")' }),
      gats({ unitId: 'NON2', systemName: '+1', enrolmentId: 'E2' }),
      gats({ unitId: 'NON3', systemName: '-1', enrolmentId: 'E3' }),
    ]);
    // Sorted by the unit id as enrolled: '@' (0x40) sorts before 'N' (0x4E).
    expect(r.text.split(CRLF).slice(1)).toEqual([
      '\'@SUM(A1),"\'=HYPERLINK(""http://evil.example"",""x"")",07/2026,07/01/2026,07/31/2026,2.500',
      "NON2,'+1,07/2026,07/01/2026,07/31/2026,2.500",
      "NON3,'-1,07/2026,07/01/2026,07/31/2026,2.500",
    ]);
  });

  it('names several systems of one unit, and refuses a row without a unit id', () => {
    const r = exportGeneration('gats', [
      gats({ systemName: 'West' }),
      gats({ systemName: 'East', enrolmentId: 'E2', systemId: 'S2' }),
      gats({ unitId: null, enrolmentId: 'E3', systemId: 'S3', systemName: 'North' }),
    ]);
    // 2,500,000 + 2,500,000 Wh = 5,000,000 Wh = 18,060,708.2 BTU / 3,412,000 = 5.000208 MWh -> 5.000
    expect(r.text.split(CRLF)[1]).toBe('NON95001,East; West,07/2026,07/01/2026,07/31/2026,5.000');
    expect(codes(r)).toEqual(['error:export-unit-id-missing', 'warning:export-layout-unconfirmed']);
    expect(r.checks[0]?.message).toContain('enrolment E3 (system S3 "North")');
  });
});

it('refuses an unknown format as bad input', () => {
  expect(() => exportGeneration('wregis' as ExportFormat, [])).toThrow(InputError);
});
