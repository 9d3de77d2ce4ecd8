import { check, errorsFirst, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';
import { csvText } from './csv.ts';
import { EXPORT_LAYOUTS, headerCells, type ExportFormat, type UnitMonthLine } from './layouts.ts';
import { parseMonth, quantityThousandths, threeDecimals, type QuantityUnit } from './quantity.ts';

/** Generation of one enrolment (registry unit) in one calendar month, from issued periods. */
export interface GenerationMonth {
  /** The program's id and registry ('NEPOOL-GIS', 'M-RETS', 'PJM-GATS'; null when it has none). */
  programId: string;
  registry: string | null;
  /** Registry ids as enrolled. */
  unitId: string | null;
  reportingUnitId: string | null;
  enrolmentId: string;
  systemId: string;
  systemName: string;
  /** 'YYYY-MM' (site-local month). */
  month: string;
  /** Counted generation of that month (integer Wh). */
  energyWh: number;
  /** The program's certificate unit. */
  unit: 'MWh' | 'Dth';
  /** The program's BTU/MWh constant (3,412,000), or null for the exact 3.6 GJ. */
  btuPerMwh: number | null;
}

export interface ExportResult {
  /** The file: CRLF between lines, no line break after the last (csv.ts). */
  text: string;
  /** Errors first. An error check means a row was left out: the caller exits non-zero. */
  checks: Check[];
  /** Data lines written (the header not counted). */
  rows: number;
}

interface Accepted {
  row: GenerationMonth;
  unitId: string;
  reportingUnitId: string;
  year: number;
  month: number;
  unit: QuantityUnit;
}

/** "enrolment E1 (system S1 "Name")": how every check names a row. */
const who = (r: GenerationMonth): string =>
  `enrolment ${r.enrolmentId} (system ${r.systemId} ${JSON.stringify(r.systemName)})`;

/** Ids that are all digits sort as numbers (999 before 1000), others by code unit. */
function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    if (x.length !== y.length) return x.length - y.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A registry's generation upload file from issued monthly generation: one line per registry unit and month
 * (several enrolments of one unit and month summed, then converted once), sorted by unit then month, every
 * text cell protected against formula injection. Rows of other registries are not this file's (an info
 * check counts them). A row that cannot be written (no unit id, an id the registry would not recognise, a
 * bad month or energy, units that cannot be summed) is left out with an error check naming its enrolment and
 * system: the caller must not upload a file whose result has an error check. Layouts: layouts.ts;
 * sources and open questions: docs/exports.md.
 */
export function exportGeneration(format: ExportFormat, rows: readonly GenerationMonth[]): ExportResult {
  const layout = (EXPORT_LAYOUTS as Partial<Record<string, (typeof EXPORT_LAYOUTS)[ExportFormat]>>)[format];
  if (!layout)
    throw new InputError(`unknown export format; use one of ${Object.keys(EXPORT_LAYOUTS).join(', ')}`, {
      path: ['format'],
      value: format,
    });
  const checks: Check[] = [];
  const refuse = (code: string, r: GenerationMonth, why: string): void => {
    checks.push(
      check(
        code,
        'error',
        `${who(r)}, ${r.month}: ${why}; the row is left out of the ${layout.registry} file`,
      ),
    );
  };
  const shown = (r: GenerationMonth, unit: QuantityUnit): string =>
    `${threeDecimals(quantityThousandths(r.energyWh, unit, unit === 'Dth' ? null : r.btuPerMwh))} ${unit}`;

  let others = 0;
  const accepted: Accepted[] = [];
  for (const r of rows) {
    if (r.registry !== layout.registry) {
      others += 1;
      continue;
    }
    const ym = parseMonth(r.month);
    if (!ym) {
      refuse('export-month-invalid', r, `month ${JSON.stringify(r.month)} is not a calendar month YYYY-MM`);
      continue;
    }
    if (!Number.isSafeInteger(r.energyWh) || r.energyWh < 0) {
      refuse(
        'export-energy-invalid',
        r,
        `energy ${String(r.energyWh)} Wh is not a whole number of Wh of 0 or more`,
      );
      continue;
    }
    if ((r.unit as string) !== 'MWh' && (r.unit as string) !== 'Dth') {
      refuse('export-unit-invalid', r, `certificate unit ${JSON.stringify(r.unit)} is neither MWh nor Dth`);
      continue;
    }
    if (r.btuPerMwh !== null && !(Number.isFinite(r.btuPerMwh) && r.btuPerMwh > 0)) {
      refuse('export-constant-invalid', r, `BTU/MWh constant ${String(r.btuPerMwh)} is not a number above 0`);
      continue;
    }
    const unit = layout.quantityUnit(r.unit);
    const enrolled = r.unitId?.trim() ?? '';
    if (enrolled === '') {
      refuse(
        'export-unit-id-missing',
        r,
        `no ${layout.registry} unit id is enrolled, so its generation (${shown(r, unit)}) cannot be reported; enrol the unit id and export again`,
      );
      continue;
    }
    const id = layout.unitId(enrolled);
    if ('refused' in id) {
      refuse(
        'export-unit-id-invalid',
        r,
        `unit id ${JSON.stringify(enrolled)} ${id.refused} (generation ${shown(r, unit)})`,
      );
      continue;
    }
    const reporting = r.reportingUnitId?.trim() ?? '';
    accepted.push({
      row: r,
      unitId: id.id,
      reportingUnitId: reporting === '' ? id.id : reporting,
      year: ym.year,
      month: ym.month,
      unit,
    });
  }

  // One quantity column per file: M-RETS's thermal registry counts Dth, its REC registry MWh. TREC reports to
  // the thermal one, so a Dth file refuses MWh rows rather than mixing units in one column.
  const fileUnit: QuantityUnit = accepted.some((a) => a.unit === 'Dth') ? 'Dth' : 'MWh';
  const groups = new Map<string, Accepted[]>();
  for (const a of accepted) {
    if (a.unit !== fileUnit) {
      refuse(
        'export-units-mixed',
        a.row,
        `its program counts ${a.unit} but this file reports ${fileUnit} (one quantity column per file; generation ${shown(a.row, a.unit)})`,
      );
      continue;
    }
    const key = JSON.stringify([a.unitId, a.reportingUnitId, a.row.month]);
    const group = groups.get(key);
    if (group) group.push(a);
    else groups.set(key, [a]);
  }

  const lines: UnitMonthLine[] = [];
  for (const group of groups.values()) {
    const [first] = group;
    if (!first) continue;
    const constant = first.unit === 'Dth' ? null : first.row.btuPerMwh;
    const conflicting = group.filter((a) => (a.unit === 'Dth' ? null : a.row.btuPerMwh) !== constant);
    if (conflicting.length) {
      for (const a of group)
        refuse(
          'export-units-conflict',
          a.row,
          `unit ${first.unitId} in ${a.row.month} is enrolled under programs with different BTU/MWh constants (${group
            .map((g) => `${g.row.programId}: ${g.row.btuPerMwh === null ? 'exact' : String(g.row.btuPerMwh)}`)
            .join(', ')}), so the enrolments cannot be summed into one figure`,
        );
      continue;
    }
    const energyWh = group.reduce((sum, a) => sum + a.row.energyWh, 0);
    if (!Number.isSafeInteger(energyWh)) {
      for (const a of group)
        refuse(
          'export-energy-invalid',
          a.row,
          `unit ${first.unitId}'s summed energy ${String(energyWh)} Wh is too large to count exactly`,
        );
      continue;
    }
    lines.push({
      unitId: first.unitId,
      reportingUnitId: first.reportingUnitId,
      names: [...new Set(group.map((a) => a.row.systemName))].sort(),
      year: first.year,
      month: first.month,
      energyWh,
      unit: first.unit,
      btuPerMwh: constant,
      thousandths: quantityThousandths(energyWh, first.unit, constant),
    });
  }
  lines.sort(
    (a, b) =>
      compareIds(a.unitId, b.unitId) ||
      compareIds(a.reportingUnitId, b.reportingUnitId) ||
      a.year - b.year ||
      a.month - b.month,
  );

  const text = csvText([
    ...(layout.header ? [headerCells(layout, fileUnit).join(',')] : []),
    ...lines.map((l) => layout.columns.map((c) => c.value(l)).join(',')),
  ]);

  if (others)
    checks.push(
      check(
        'export-other-registry',
        'info',
        `${String(others)} of ${String(rows.length)} rows belong to another registry (or to none) and are not in the ${layout.registry} file`,
      ),
    );
  if (format === 'gats')
    checks.push(
      check(
        'export-layout-unconfirmed',
        'warning',
        "the PJM-GATS generation upload template was not found: this file's layout (Unit ID, Unit Name, Month, Start Date, End Date, MWh) is TREC's own; check it against GATS before uploading (docs/exports.md)",
      ),
    );
  if (format === 'm-rets' && fileUnit === 'Dth')
    checks.push(
      check(
        'export-thermal-layout-unconfirmed',
        'warning',
        "M-RETS documents its CSV generation upload for MWh; for renewable thermal generation its help describes entry in the user interface (Generator, Start Date, End Date, Quantity Dth). This file puts Dth in the MWh layout's quantity column (header Total Dth), which M-RETS's documentation does not confirm (docs/exports.md)",
      ),
    );
  if (!lines.length)
    checks.push(
      check(
        'export-empty',
        'warning',
        `no ${layout.registry} generation to report: the file has no data lines`,
      ),
    );
  return { text, checks: errorsFirst(checks), rows: lines.length };
}
