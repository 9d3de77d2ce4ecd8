import type {
  KeymarkCatalogue,
  PerformanceMapCatalogue,
  Ports,
  ProgramCatalogue,
  UnitSource,
  WeatherCatalogue,
} from '../app/index.ts';
import { readEstimateFile } from './estimate-file.ts';
import { findKeymark, loadReferenceKeymark } from './keymark.ts';
import { fileMeterFiles } from './meter-files.ts';
import { fileMeterOutput } from './meter-file-writer.ts';
import { findMap, loadReferenceMaps } from './performance-maps.ts';
import { loadProgram, loadPrograms, PROGRAMS_DIR } from './programs.ts';
import { loadScopUnitFile, loadUnitFile } from './unit-file.ts';
import { loadSite, loadWeatherFile, SITES } from './weather.ts';

/** Where the file-based ports read from: the package's own data unless configuration says otherwise. */
export interface FilePortsConfig {
  /** Program rule files (default: the package's programs/). */
  programsDir?: string;
}

/** Reads once, on first use: nothing is loaded at start-up (`trec --help` stays fast). */
function lazy<T>(load: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: load() }).v;
}

export function fileProgramCatalogue(dir: string = PROGRAMS_DIR): ProgramCatalogue {
  const all = lazy(() => loadPrograms(dir));
  return { list: all, get: (id) => loadProgram(id, dir) };
}

export function fileWeatherCatalogue(): WeatherCatalogue {
  return { sites: () => Object.keys(SITES), site: loadSite, file: loadWeatherFile };
}

export function filePerformanceMaps(): PerformanceMapCatalogue {
  const maps = lazy(loadReferenceMaps);
  return { list: maps, get: (name) => findMap(maps(), name) };
}

export function fileKeymarkCatalogue(): KeymarkCatalogue {
  const rows = lazy(loadReferenceKeymark);
  return { get: (title) => findKeymark(rows(), title) };
}

export function fileUnitSource(): UnitSource {
  return { read: loadUnitFile, scop: loadScopUnitFile };
}

/** Every port from files: the composition root's default (src/main.ts). */
export function filePorts(config: FilePortsConfig = {}): Ports {
  return {
    programs: fileProgramCatalogue(config.programsDir),
    weather: fileWeatherCatalogue(),
    maps: filePerformanceMaps(),
    keymark: fileKeymarkCatalogue(),
    units: fileUnitSource(),
    meterFiles: fileMeterFiles(),
    estimates: { read: readEstimateFile },
    meterOutput: fileMeterOutput(),
  };
}
