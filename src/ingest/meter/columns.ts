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
  /**
   * Interval energy (the energy of each hour or day, not a running total): the reader turns it into a
   * register series (docs/methods.md, "Interval energy"). The channel is then the register's.
   */
  interval?: boolean;
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
    register('elec_mwh', 'elecRegister', 'MWh'),
    ...(
      [
        ['heat', 'kwh', 'kWh'],
        ['heat', 'mwh', 'MWh'],
        ['heat', 'gj', 'GJ'],
        ['heat', 'kbtu', 'kBTU'],
        ['heat', 'mmbtu', 'MMBTU'],
        ['elec', 'kwh', 'kWh'],
        ['elec', 'mwh', 'MWh'],
      ] as const
    ).map(([what, suffix, unit]) => ({
      ...register(`${what}_${suffix}_interval`, what === 'heat' ? 'heatRegister' : 'elecRegister', unit),
      interval: true,
    })),
  ].map((c) => [c.name, c]),
);

/** A header as shown in a message: at most 80 characters (a 10 MB header line is not echoed whole). */
export function shown(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length} characters)`;
}

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
  /** Register channels fed by an interval-energy column (heat_kwh_interval, ...), not a running total. */
  intervalChannels: Set<MeterChannel>;
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
    intervalChannels: new Set(),
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
        throw new InputError(`the map sends this header to an unknown name "${shown(mapped)}"`, {
          file,
          field: shown(header),
        });
      plan.ignored.push(header);
      return;
    }
    const earlier = seen.get(channel);
    if (earlier !== undefined)
      throw new InputError(
        `columns "${shown(earlier)}" and "${shown(header)}" both give the ${channel} channel`,
        { file, line: 1, field: shown(header) },
      );
    seen.set(channel, header);
    if (column === undefined) plan.timeIndex = i;
    else {
      plan.columns[i] = column;
      plan.channels.add(column.channel);
      if (column.interval) plan.intervalChannels.add(column.channel);
      if (column.channel === 'heatRegister') plan.heatRegisterUnit = column.energyUnit;
      if (column.channel === 'elecRegister') plan.elecRegisterUnit = column.energyUnit;
    }
  });
  if (plan.timeIndex < 0 || plan.channels.size === 0) {
    const what =
      plan.timeIndex < 0
        ? 'no time column (a header "time", or one mapped to it with --map)'
        : 'no data column (no canonical name such as flow_m3h or supply_c, and none mapped with --map)';
    throw new InputError(`${what}\n${describeHeaders(headers, map)}`, { file, line: 1 });
  }
  return plan;
}

/** A unit recognised in a header, and the canonical names it can feed. */
export interface RecognisedUnit {
  header: string;
  unit: string;
  candidates: string[];
}

// Units as BMS exports write them, in brackets, parentheses or after the name (lower-cased, m³ as m3).
const UNIT_CANDIDATES: [RegExp, string, string[]][] = [
  [/^m3\/(h|hr|uur|std|hour)$/, 'm3/h', ['flow_m3h']],
  [/^(l|ltr|liter|litre)\/(min|m)$|^lpm$/, 'L/min', ['flow_lpm']],
  [/^(l|ltr|liter|litre)\/(s|sec)$/, 'L/s', ['flow_ls']],
  [/^gpm$/, 'gpm', ['flow_gpm']],
  [/^(°c|ºc|℃|degc|deg c|c)$/, '°C', ['supply_c', 'return_c', 'source_c']],
  [/^(°f|ºf|℉|degf|deg f|f)$/, '°F', ['supply_f', 'return_f', 'source_f']],
  [/^kw$/, 'kW', ['heat_kw', 'elec_kw']],
  [/^(btu\/h|btuh)$/, 'BTU/h', ['heat_btuh']],
  [/^kwh$/, 'kWh', ['heat_kwh', 'heat_kwh_interval', 'elec_kwh', 'elec_kwh_interval']],
  [/^mwh$/, 'MWh', ['heat_mwh', 'heat_mwh_interval', 'elec_mwh', 'elec_mwh_interval']],
  [/^gj$/, 'GJ', ['heat_gj', 'heat_gj_interval']],
  [/^kbtu$/, 'kBTU', ['heat_kbtu', 'heat_kbtu_interval']],
  [/^mmbtu$/, 'MMBTU', ['heat_mmbtu', 'heat_mmbtu_interval']],
];

/** The unit a header carries (`Debiet [m3/uur]`, `Aanvoer (°C)`, `flow m³/h`), if one is recognised. */
export function recogniseUnit(header: string): RecognisedUnit | undefined {
  const text = header.toLowerCase().replace(/³/g, '3');
  const parts = [...text.matchAll(/[[(]([^\])]*)[\])]/g)].map((m) => m[1]!.trim());
  const last = /(\S+)\s*$/.exec(text)?.[1];
  if (last !== undefined && last !== text.trim()) parts.push(last);
  for (const part of parts.reverse())
    for (const [re, unit, candidates] of UNIT_CANDIDATES)
      if (re.test(part)) return { header, unit, candidates };
  return undefined;
}

// Words that tell which of a unit's candidates a header is (English, Dutch, German, French).
const WORDS: [RegExp, string][] = [
  [/suppl|aanvoer|vorlauf|d[ée]part|flow temp|\bvl\b/, 'supply'],
  [/return|retour|r[üu]cklauf|\brl\b/, 'return'],
  [/source|bron|buiten|outdoor|au[sß]en|ext[ée]r|quelle/, 'source'],
  [/elec|stroom|strom|elektr|verbruik/, 'elec'],
  [/heat|warmte|w[äa]rme|chaleur|thermal|thermisch/, 'heat'],
  [/interval|per (hour|uur|day|dag)|hourly|daily|uurwaarde|dagwaarde|\bdelta\b/, 'interval'],
];

/** The likeliest canonical name for a header with a recognised unit, or undefined when the words do not tell. */
function guess(header: string, unit: RecognisedUnit): string | undefined {
  if (unit.candidates.length === 1) return unit.candidates[0];
  const text = header.toLowerCase();
  const said = new Set(WORDS.filter(([re]) => re.test(text)).map(([, word]) => word));
  const fits = unit.candidates.filter((c) => {
    const [what] = c.split('_');
    const wantsInterval = c.endsWith('_interval');
    if (['supply', 'return', 'source'].includes(what!)) return said.has(what!);
    return said.has(what!) && wantsInterval === said.has('interval');
  });
  return fits.length === 1 ? fits[0] : undefined;
}

const TIME_WORDS = /^(time|tijd|datum|date|timestamp|zeit|datetime|tijdstip|date ?time|ts)\b/i;

/**
 * A --map skeleton for headers that are not canonical: the time column, each header with a recognised unit
 * sent to its likeliest canonical name, or to "?" plus the candidates when the words do not tell (an unknown
 * name: the map is refused until it is filled in), and null for the rest (ignored).
 */
export function suggestMap(headers: readonly string[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const header of headers) {
    if (header.trim().toLowerCase() === 'time' || CANONICAL_COLUMNS.has(header.trim().toLowerCase()))
      continue;
    const unit = recogniseUnit(header);
    if (unit) out[header] = guess(header, unit) ?? `?${unit.candidates.join('|')}`;
    else out[header] = TIME_WORDS.test(header.trim()) ? 'time' : null;
  }
  return out;
}

/** The headers, the units recognised in them and a map skeleton, for an error message. */
export function describeHeaders(headers: readonly string[], map: HeaderMap): string {
  const listed = headers.slice(0, 40).map((h) => JSON.stringify(shown(h)));
  const units = headers.flatMap((h) => {
    const u = recogniseUnit(h);
    return u ? [`${JSON.stringify(shown(h))}: ${u.unit} (${u.candidates.join(' or ')})`] : [];
  });
  const skeleton = suggestMap(headers.slice(0, 40).filter((h) => !Object.hasOwn(map, h) && h.length <= 200));
  return [
    `  headers: ${listed.join(', ')}${headers.length > 40 ? `, ... (${headers.length} in all)` : ''}`,
    `  units recognised: ${units.length ? units.join('; ') : 'none'}`,
    `  canonical names: time, ${[...CANONICAL_COLUMNS.keys()].join(', ')}`,
    `  a --map skeleton to complete (or print it with --suggest-map): ${JSON.stringify(skeleton)}`,
  ].join('\n');
}
