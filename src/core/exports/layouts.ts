import { safeCell } from './csv.ts';
import { daysInMonth, mmDdYyyy, mmYyyy, threeDecimals, type QuantityUnit } from './quantity.ts';

/**
 * The registry upload layouts, one table each: column name (the header, when the file has one) and how the
 * value is made. docs/exports.md cites what each registry's documentation says and what it leaves open.
 *
 * PJM-GATS: THE OFFICIAL GATS GENERATION UPLOAD TEMPLATE WAS NOT FOUND. Its layout below is TREC's own
 * (monthly generation per unit, MWh to three decimals); change it here, in one place, once the template is
 * read, and every `gats` export carries the check `export-layout-unconfirmed` until then.
 */

export type ExportFormat = 'nepool-gis' | 'm-rets' | 'gats';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['nepool-gis', 'm-rets', 'gats'];

/** One unit's generation in one month, as a line of the file: several enrolments of the unit summed. */
export interface UnitMonthLine {
  /** The unit id as the file writes it (NEPOOL-GIS: the number without `NON`; M-RETS: without `M`). */
  unitId: string;
  /** M-RETS Reporting Unit ID: the enrolment's, or the generator's M-RETS ID when it has none. */
  reportingUnitId: string;
  /** Distinct system names of the enrolments summed, sorted. */
  names: readonly string[];
  year: number;
  month: number;
  energyWh: number;
  unit: QuantityUnit;
  btuPerMwh: number | null;
  /** The quantity in thousandths of `unit`, truncated (quantity.ts). */
  thousandths: bigint;
}

export interface ExportColumn {
  /** Header text; M-RETS's quantity column is named after the file's unit (Total MWh or Total Dth). */
  name: string | ((unit: QuantityUnit) => string);
  /** How the value is made, in words (docs/exports.md repeats these tables). */
  made: string;
  value: (line: UnitMonthLine) => string;
}

/** What an enrolled id becomes in the file, or why it cannot be used. */
export type UnitIdResult = { id: string } | { refused: string };

export interface ExportLayout {
  format: ExportFormat;
  /** The program registry (programs/*.json `registry`) whose rows the file holds. */
  registry: string;
  /** Whether the first line names the columns. */
  header: boolean;
  unitId: (enrolled: string) => UnitIdResult;
  /** The unit the quantity is reported in, from the program's certificate unit. */
  quantityUnit: (certificateUnit: QuantityUnit) => QuantityUnit;
  columns: readonly ExportColumn[];
  /** Where the layout comes from, for the checks and docs. */
  source: string;
}

const vintage = (l: UnitMonthLine): string => mmYyyy(l.year, l.month);
const firstDay = (l: UnitMonthLine): string => mmDdYyyy(l.year, l.month, 1);
const lastDay = (l: UnitMonthLine): string => mmDdYyyy(l.year, l.month, daysInMonth(l.year, l.month));
const quantity = (l: UnitMonthLine): string => threeDecimals(l.thousandths);

/** `NON12345` or `12345` -> `12345` (NEPOOL GIS: "unit ID number", the NON prefix dropped). */
function nepoolUnitId(enrolled: string): UnitIdResult {
  const m = /^(?:NON)?(\d+)$/i.exec(enrolled);
  return m?.[1]
    ? { id: m[1] }
    : {
        refused: `is not a NEPOOL GIS unit id (NON followed by digits, or the digits): the verifier upload takes the unit ID number`,
      };
}

/** `M805` or `805` -> `805` (M-RETS: "Use just the number (e.g. M805 should be listed as 805)"). */
function mretsGeneratorId(enrolled: string): UnitIdResult {
  const m = /^M?(\d+)$/i.exec(enrolled);
  return m?.[1]
    ? { id: m[1] }
    : {
        refused: `is not an M-RETS ID (M followed by digits, or the digits): the generation upload takes just the number`,
      };
}

export const EXPORT_LAYOUTS: Readonly<Record<ExportFormat, ExportLayout>> = {
  // NEPOOL GIS, "Reporting Data" (nepoolgis.com/how-to/reporting-data/), Reporting MWh Data as a Verifier:
  // "The first line contains the unit ID number, month/year and monthly output in that order"; NON12345 with
  // 100.123 MWh in January 2013 is `12345, 01/2013, 100.123`; "MWh data can be loaded out to the thousandth
  // decimal place"; all units in the same file (its multi-unit example has no spaces: `12345,01/2013,100.521`).
  'nepool-gis': {
    format: 'nepool-gis',
    registry: 'NEPOOL-GIS',
    header: false,
    unitId: nepoolUnitId,
    quantityUnit: () => 'MWh',
    source:
      'NEPOOL GIS, Reporting Data: Reporting MWh Data as a Verifier (nepoolgis.com/how-to/reporting-data/)',
    columns: [
      {
        name: 'unit ID number',
        made: 'enrolled unit id without the NON prefix',
        value: (l) => safeCell(l.unitId),
      },
      { name: 'month/year', made: 'MM/YYYY of the site-local month', value: vintage },
      {
        name: 'MWh',
        made: "MWh to three decimals, truncated; by the program's BTU/MWh constant when it has one (New Hampshire: 3,412,000), else exactly 3.6 GJ",
        value: quantity,
      },
    ],
  },
  // M-RETS Help, "Generation Upload Data Format" (mrets.github.io/Help/generation_upload_format) and "Upload
  // Generation Data" (monthly columns 1-6; "Use the M-RETS ID if your generator does not have a Reporting Unit
  // ID"); header row as M-RETS's sample upload file (github.com/mrets/photos, Sample-Upload-1.csv) has one.
  'm-rets': {
    format: 'm-rets',
    registry: 'M-RETS',
    header: true,
    unitId: mretsGeneratorId,
    quantityUnit: (certificateUnit) => certificateUnit,
    source: 'M-RETS Help: Generation Upload Data Format; Upload Generation Data (mrets.github.io/Help)',
    columns: [
      {
        name: 'Generator ID',
        made: 'enrolled unit id (the M-RETS ID) without the M prefix',
        value: (l) => safeCell(l.unitId),
      },
      {
        name: 'Reporting Unit ID',
        made: "enrolment's reporting unit id, else the Generator ID (M-RETS: use the M-RETS ID when there is none)",
        value: (l) => safeCell(l.reportingUnitId),
      },
      { name: 'Vintage', made: 'MM/YYYY (7 characters)', value: vintage },
      {
        name: 'Vintage Start Date',
        made: 'first day of the month, MM/DD/YYYY (10 characters)',
        value: firstDay,
      },
      { name: 'Vintage End Date', made: 'last day of the month, MM/DD/YYYY (10 characters)', value: lastDay },
      {
        name: (unit) => `Total ${unit}`,
        made: "Total MWh to three decimals, truncated (the program's BTU/MWh constant when it has one); Dth (1,000,000 BTU) for a renewable thermal program",
        value: quantity,
      },
    ],
  },
  // PJM-GATS: the official upload template was not found (see the comment at the top of this file).
  gats: {
    format: 'gats',
    registry: 'PJM-GATS',
    header: true,
    unitId: (enrolled) => ({ id: enrolled }),
    quantityUnit: () => 'MWh',
    source: "TREC's own layout: the PJM-GATS generation upload template was not found",
    columns: [
      { name: 'Unit ID', made: 'enrolled GATS unit id, as enrolled', value: (l) => safeCell(l.unitId) },
      {
        name: 'Unit Name',
        made: "system name(s), '; ' between several",
        value: (l) => safeCell(l.names.join('; ')),
      },
      { name: 'Month', made: 'MM/YYYY', value: vintage },
      { name: 'Start Date', made: 'first day of the month, MM/DD/YYYY', value: firstDay },
      { name: 'End Date', made: 'last day of the month, MM/DD/YYYY', value: lastDay },
      {
        name: 'MWh',
        made: "MWh to three decimals, truncated; by the program's BTU/MWh constant when it has one (Maryland GREC: 3,412,000)",
        value: quantity,
      },
    ],
  },
};

/** The header line's cells for a layout and the file's quantity unit. */
export function headerCells(layout: ExportLayout, unit: QuantityUnit): string[] {
  return layout.columns.map((c) => safeCell(typeof c.name === 'string' ? c.name : c.name(unit)));
}
