import { blankMeterSample, InputError, type MeterSample } from '../../core/index.ts';
import { shown, type ColumnPlan, type SampleField } from './columns.ts';

/** A row that was not read: where, what and why. */
export interface BadRow {
  line: number;
  field?: string;
  value?: string;
  reason: string;
}

/** How many bad rows are listed one by one (all are counted). */
const LISTED_BAD_ROWS = 20;

const FIELDS: readonly SampleField[] = [
  'flowM3s',
  'supplyC',
  'returnC',
  'sourceC',
  'heatW',
  'heatRegisterJ',
  'elecW',
  'elecRegisterJ',
];

/**
 * Turns the parsed values of one row (in the file's units, by header position) into the ONE reused
 * MeterSample, checks that time increases, and passes it on. Bad rows stop the run with an InputError naming
 * file, line, field and value, or with `skipBadRows` are counted and the first {@link LISTED_BAD_ROWS} kept.
 */
export class RowAssembler {
  /** Values of the current row by header position, in the column's own unit. */
  readonly values: Float64Array;
  rows = 0;
  skipped = 0;
  readonly badRows: BadRow[] = [];
  firstMs = NaN;
  lastMs = -Infinity;
  private lastLine = 0;
  private readonly sample: MeterSample = blankMeterSample();
  /** Per sample field (order of FIELDS): header position, or -1; and the conversion to SI. */
  private readonly index: Int32Array;
  private readonly toSI: ((value: number) => number)[];

  constructor(
    private readonly plan: ColumnPlan,
    private readonly file: string,
    private readonly skipBadRows: boolean,
    /** Where emitted samples go (replaceable: the reader sets the caller's sink once it is known). */
    public sink: (sample: Readonly<MeterSample>) => void,
  ) {
    this.values = new Float64Array(plan.columns.length);
    this.index = new Int32Array(FIELDS.length).fill(-1);
    this.toSI = FIELDS.map(() => (v: number) => v);
    plan.columns.forEach((column, i) => {
      if (!column) return;
      const k = FIELDS.indexOf(column.field);
      this.index[k] = i;
      this.toSI[k] = column.toSI;
    });
  }

  /** Records a bad row (with skipBadRows) or throws. */
  bad(line: number, reason: string, field?: string, value?: string): void {
    // a header or value is cut to 80 characters in messages (a 10 MB field is not echoed whole)
    if (field !== undefined) field = shown(field);
    if (value !== undefined) value = shown(value);
    if (!this.skipBadRows) throw new InputError(reason, { file: this.file, line, field, value });
    this.skipped++;
    if (this.badRows.length < LISTED_BAD_ROWS) {
      const row: BadRow = { line, reason };
      if (field !== undefined) row.field = field;
      if (value !== undefined) row.value = value;
      this.badRows.push(row);
    }
  }

  /** Emits the row at `line` whose values are in {@link values}. */
  emit(line: number, timeMs: number): void {
    if (!(timeMs > this.lastMs)) {
      const field = this.plan.headers[this.plan.timeIndex];
      const reason = `time does not increase (line ${this.lastLine} is at ${new Date(this.lastMs).toISOString()})`;
      return this.bad(line, reason, field, new Date(timeMs).toISOString());
    }
    const s = this.sample;
    const v = this.values;
    const x = this.index;
    const f = this.toSI;
    s.timeMs = timeMs;
    s.line = line;
    s.flowM3s = x[0]! < 0 ? NaN : f[0]!(v[x[0]!]!);
    s.supplyC = x[1]! < 0 ? NaN : f[1]!(v[x[1]!]!);
    s.returnC = x[2]! < 0 ? NaN : f[2]!(v[x[2]!]!);
    s.sourceC = x[3]! < 0 ? NaN : f[3]!(v[x[3]!]!);
    s.heatW = x[4]! < 0 ? NaN : f[4]!(v[x[4]!]!);
    s.heatRegisterJ = x[5]! < 0 ? NaN : f[5]!(v[x[5]!]!);
    s.elecW = x[6]! < 0 ? NaN : f[6]!(v[x[6]!]!);
    s.elecRegisterJ = x[7]! < 0 ? NaN : f[7]!(v[x[7]!]!);
    this.sink(s);
    if (this.rows++ === 0) this.firstMs = timeMs;
    this.lastMs = timeMs;
    this.lastLine = line;
  }
}
