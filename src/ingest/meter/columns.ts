import {
  convertTemperature,
  energyToJ,
  flowToM3s,
  InputError,
  powerToW,
  type EnergyUnit,
  type FlowUnit,
  type MeterChannel,
  type MeterSample,
  type PowerUnit,
} from '../../core/index.ts';

/** The numeric fields of a {@link MeterSample} a column can fill. */
export type SampleField = Exclude<keyof MeterSample, 'timeMs' | 'line'>;

/** A canonical column: the channel it feeds, the sample field, and the conversion of its unit to SI. */
export interface CanonicalColumn {
  name: string;
  channel: MeterChannel;
  field: SampleField;
  /** Converts a value in the column's unit to the SI unit of the sample field (units from src/core/units). */
  toSI: (value: number) => number;
  /** The register unit, for register columns (a rollover is given in it). */
  energyUnit?: EnergyUnit;
}

const flow = (name: string, unit: FlowUnit): CanonicalColumn => ({
  name,
  channel: 'flow',
  field: 'flowM3s',
  toSI: (v) => flowToM3s(v, unit),
});
const temp = (name: string, channel: 'supply' | 'return' | 'source', field: SampleField, unit: 'C' | 'F') =>
  ({ name, channel, field, toSI: (v: number) => convertTemperature(v, unit, 'C') }) as CanonicalColumn;
const power = (name: string, channel: 'heatPower' | 'elecPower', unit: PowerUnit): CanonicalColumn => ({
  name,
  channel,
  field: channel === 'heatPower' ? 'heatW' : 'elecW',
  toSI: (v) => powerToW(v, unit),
});
const register = (name: string, channel: 'heatRegister' | 'elecRegister', unit: EnergyUnit) =>
  ({
    name,
    channel,
    field: channel === 'heatRegister' ? 'heatRegisterJ' : 'elecRegisterJ',
    toSI: (v: number) => energyToJ(v, unit),
    energyUnit: unit,
  }) as CanonicalColumn;

/** Canonical column names carry their unit (docs/methods.md, "Meter files"). `time` is handled apart. */
export const CANONICAL_COLUMNS: ReadonlyMap<string, CanonicalColumn> = new Map(
  [
    flow('flow_lpm', 'L/min'),
    flow('flow_gpm', 'gpm'),
    flow('flow_m3h', 'm3/h'),
    flow('flow_ls', 'L/s'),
    temp('supply_c', 'supply', 'supplyC', 'C'),
    temp('supply_f', 'supply', 'supplyC', 'F'),
    temp('return_c', 'return', 'returnC', 'C'),
    temp('return_f', 'return', 'returnC', 'F'),
    temp('source_c', 'source', 'sourceC', 'C'),
    temp('source_f', 'source', 'sourceC', 'F'),
    power('heat_kw', 'heatPower', 'kW'),
    power('heat_btuh', 'heatPower', 'BTU/h'),
    power('elec_kw', 'elecPower', 'kW'),
    register('heat_kwh', 'heatRegister', 'kWh'),
    register('heat_mwh', 'heatRegister', 'MWh'),
    register('heat_gj', 'heatRegister', 'GJ'),
    register('heat_kbtu', 'heatRegister', 'kBTU'),
    register('heat_mmbtu', 'heatRegister', 'MMBTU'),
    register('elec_kwh', 'elecRegister', 'kWh'),
  ].map((c) => [c.name, c]),
);

/** Where each header of a file goes: a canonical column, the time column, or nowhere (ignored). */
export interface ColumnPlan {
  /** The file's headers as read (trimmed, quotes removed). */
  headers: string[];
  /** Index of the time column. */
  timeIndex: number;
  /** Per header position: the canonical column it feeds, or undefined when ignored. */
  columns: (CanonicalColumn | undefined)[];
  channels: Set<MeterChannel>;
  /** Headers ignored without a mapping (reported on stderr by the caller). */
  ignored: string[];
  /** Units of the register columns, for a rollover given in the file's own unit. */
  heatRegisterUnit?: EnergyUnit;
  elecRegisterUnit?: EnergyUnit;
}

/**
 * A header mapping (`--map map.json`): vendor header -> canonical name, or null to ignore a column on purpose.
 * Headers match exactly after trimming; canonical names match case-insensitively.
 */
export type HeaderMap = Readonly<Record<string, string | null>>;

export function planColumns(headers: readonly string[], map: HeaderMap, file?: string): ColumnPlan {
  const plan: ColumnPlan = {
    headers: [...headers],
    timeIndex: -1,
    columns: [],
    channels: new Set(),
    ignored: [],
  };
  const seen = new Map<MeterChannel | 'time', string>();
  headers.forEach((header, i) => {
    const mapped = Object.hasOwn(map, header) ? map[header] : header;
    plan.columns.push(undefined);
    if (mapped === null || mapped === undefined) return; // ignored on purpose by the map
    const name = mapped.trim().toLowerCase();
    const column = CANONICAL_COLUMNS.get(name);
    const channel = name === 'time' ? 'time' : column?.channel;
    if (channel === undefined) {
      if (Object.hasOwn(map, header))
        throw new InputError(`the map sends this header to an unknown name "${mapped}"`, {
          file,
          field: header,
        });
      plan.ignored.push(header);
      return;
    }
    const earlier = seen.get(channel);
    if (earlier !== undefined)
      throw new InputError(`columns "${earlier}" and "${header}" both give the ${channel} channel`, {
        file,
        line: 1,
        field: header,
      });
    seen.set(channel, header);
    if (column === undefined) plan.timeIndex = i;
    else {
      plan.columns[i] = column;
      plan.channels.add(column.channel);
      if (column.channel === 'heatRegister') plan.heatRegisterUnit = column.energyUnit;
      if (column.channel === 'elecRegister') plan.elecRegisterUnit = column.energyUnit;
    }
  });
  if (plan.timeIndex < 0)
    throw new InputError('no time column (a header "time", or one mapped to it with --map)', {
      file,
      line: 1,
    });
  if (plan.channels.size === 0)
    throw new InputError(`no data column; canonical names are ${[...CANONICAL_COLUMNS.keys()].join(', ')}`, {
      file,
      line: 1,
    });
  return plan;
}
