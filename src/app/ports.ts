import type { Check, HourlyWeather, KeymarkRow, PerformanceMap, Program } from '../core/index.ts';
import type { MeterFiles } from './meter-files.ts';

/**
 * The I/O a use case needs, as interfaces it receives. File-based implementations live in src/ingest; the
 * composition root (src/main.ts) builds them from configuration. The registry adds a store, a clock and an
 * id source.
 */
export interface ProgramCatalogue {
  /** Every program, sorted by id. */
  list(): readonly Program[];
  /** One program by id; an unknown id is an InputError naming the known ones. */
  get(id: string): Program;
}

export interface WeatherCatalogue {
  /** The ids of the stored typical-year sites. */
  sites(): readonly string[];
  /** Hourly weather of a stored site, or of a weather file the caller names. */
  site(id: string): HourlyWeather;
  file(path: string): HourlyWeather;
}

export interface PerformanceMapCatalogue {
  list(): readonly PerformanceMap[];
  get(name: string): PerformanceMap;
}

export interface KeymarkCatalogue {
  /** The declaration of a Keymark model by its title. */
  get(title: string): KeymarkRow;
}

export type UnitDeclaration = { kind: 'map'; map: PerformanceMap } | { kind: 'keymark'; row: KeymarkRow };

export interface UnitSource {
  /** A unit declaration file (performance map or Keymark declaration). */
  read(path: string): UnitDeclaration;
}

/** Figures read from a `trec estimate --json` file: kWh by the keys asked for, and the checks it carries. */
export interface EstimateFigures {
  kwh: number[];
  checks: Check[];
}

export interface EstimateFiles {
  /** The kWh figures under `keys` of an estimate file; a missing or absurd one is an InputError at the file and key. */
  read(path: string, keys: readonly string[]): EstimateFigures;
}

/** New ids for stored entities: unique tokens (letters and digits); the store prefixes them (`sys_<token>`). */
export interface IdSource {
  next(): string;
}

/** The time now, milliseconds since 1970-01-01T00:00:00Z. */
export interface Clock {
  now(): number;
}

export interface Ports {
  programs: ProgramCatalogue;
  weather: WeatherCatalogue;
  maps: PerformanceMapCatalogue;
  keymark: KeymarkCatalogue;
  units: UnitSource;
  meterFiles: MeterFiles;
  estimates: EstimateFiles;
}
