import type {
  Check,
  HourlyWeather,
  KeymarkRow,
  LaundryMinute,
  PerformanceMap,
  Program,
  ScopUnit,
} from '../core/index.ts';
import type { IntervalStore } from './interval-port.ts';
import type { MeterFiles } from './meter-files.ts';
import type { RecordFiles, RegistryAccess } from './registry-port.ts';
import type { Actor } from './scope.ts';
import type { TokenAccess } from './tokens.ts';

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

/** An EN 14825 declaration (the `scop` use case's unit file) as the SCOP calculation takes it. */
export interface ScopDeclaration {
  unit: ScopUnit;
  /** The file as the caller named it: errors about the declaration as a whole name it. */
  file: string;
  /** The file's key for a unit field the calculation may refuse (`tol` -> `tol_c`); others as named. */
  keys: Readonly<Record<string, string>>;
}

export interface UnitSource {
  /** A unit declaration file (performance map or Keymark declaration). */
  read(path: string): UnitDeclaration;
  /** An EN 14825 declaration file (declared part-load points, a second format: not merged with `read`'s). */
  scop(path: string): ScopDeclaration;
}

/** Minute rows of a simulated meter file, written as they come (memory stays constant). */
export interface MeterRowSink {
  add(row: Readonly<LaundryMinute>): void;
  /** Rows written so far. */
  readonly rows: number;
  close(): void;
}

export interface MeterFileOutput {
  /**
   * A canonical 1-minute meter file at `path` (the headers `trec energy` reads), its timestamps from the
   * calendar date `startDateMs` (UTC-midnight ms) at a fixed UTC offset. An unwritable path is an InputError
   * on `path`.
   */
  create(path: string, startDateMs: number, offsetMinutes: number): MeterRowSink;
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
  meterOutput: MeterFileOutput;
  /** The registry (src/store), its clock and id source: given by the composition root, absent in file-only apps. */
  registry?: RegistryAccess;
  clock?: Clock;
  ids?: IdSource;
  /** Files of many registrations at once (`--file`): src/ingest/record-file.ts. */
  recordFiles?: RecordFiles;
  /** This TREC's version (package version and build), recorded with every issuance; absent in file-only apps. */
  codeVersion?: string;
  /** The registry's hourly interval energy (src/store/interval-port.ts); absent without a store. */
  intervals?: IntervalStore;
  /** Who calls (an API token): set, the registry and interval store a use case opens see only its scope. */
  actor?: Actor;
  /** API tokens and Idempotency-Key responses (src/store/tokens.ts); absent without a store. */
  tokens?: TokenAccess;
}
