import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError, type HourlyWeather, type WeatherHour } from '../core/index.ts';
import { csvLines, splitCsvLine } from './csv-fields.ts';

/** Sites shipped in reference/weather/ (see the README there). */
export const SITES = {
  boston: 'USA_MA_Boston-Logan.Intl.AP.725090_TMY3.epw',
  richmond: 'USA_VA_Richmond.Intl.AP.724010_TMY3.epw',
  baltimore: 'TMY3_MD_Baltimore-Washington_Intl_AP.csv',
  concord: 'TMY3_NH_Concord_Municipal_AP.csv',
} as const;
export type SiteId = keyof typeof SITES;

const num = (text: string | undefined, where: { file: string; line: number; field: string }): number => {
  const value = Number((text ?? '').trim());
  if ((text ?? '').trim() === '' || !Number.isFinite(value))
    throw new InputError('expected a number', { ...where, value: text });
  return value;
};

/** A typical year has 8760 hours; a leap-year actual-weather file 8784. Anything else is not a year. */
function checkYear(hours: WeatherHour[], file: string): void {
  if (hours.length !== 8760 && hours.length !== 8784)
    throw new InputError(`expected 8760 (or 8784) hourly records, found ${hours.length}`, { file });
}

/**
 * EnergyPlus EPW (EnergyPlus "Auxiliary Programs", Weather Converter: EPW format). Eight header lines, then
 * one record per hour: year, month, day, hour (1..24, hour ending), minute, flags, dry bulb (field 7, degC;
 * 99.9 = missing). DESIGN CONDITIONS (ASHRAE Handbook 2009 layout): after "Heating", the coldest month, then
 * the 99.6 % and 99 % heating dry-bulbs; after "Cooling", the hottest month, the daily range, then the 0.4 %
 * cooling dry-bulb.
 */
export function parseEpw(text: string, file = 'weather.epw'): HourlyWeather {
  const lines = csvLines(text);
  const location = splitCsvLine(lines[0] ?? '');
  if (location[0]?.trim() !== 'LOCATION')
    throw new InputError('not an EPW file: line 1 must start with LOCATION', { file, line: 1 });
  const weather: HourlyWeather = {
    site: [location[1], location[2]].filter(Boolean).join(', '),
    source: file,
    hours: [],
  };
  const design = lines.findIndex((l) => l.startsWith('DESIGN CONDITIONS'));
  if (design >= 0) {
    const f = splitCsvLine(lines[design] as string);
    const h = f.indexOf('Heating');
    const c = f.indexOf('Cooling');
    const where = (field: string) => ({ file, line: design + 1, field });
    if (h > 0) {
      weather.designHeatingC = num(f[h + 2], where('heating 99.6 % dry-bulb'));
      weather.designHeating99C = num(f[h + 3], where('heating 99 % dry-bulb'));
    }
    if (c > 0) weather.designCoolingC = num(f[c + 3], where('cooling 0.4 % dry-bulb'));
  }
  const dataStart = lines.findIndex((l) => l.startsWith('DATA PERIODS')) + 1;
  if (dataStart <= 0) throw new InputError('EPW header has no DATA PERIODS line', { file });
  for (let n = dataStart; n < lines.length; n++) {
    const f = splitCsvLine(lines[n] as string);
    const where = (field: string) => ({ file, line: n + 1, field });
    const dryBulbC = num(f[6], where('dry bulb'));
    if (dryBulbC >= 99.9 || dryBulbC < -70)
      throw new InputError('dry bulb missing or outside -70..70 degC', { ...where('dry bulb'), value: f[6] });
    weather.hours.push({
      month: num(f[1], where('month')),
      day: num(f[2], where('day')),
      hour: num(f[3], where('hour')),
      dryBulbC,
    });
  }
  checkYear(weather.hours, file);
  return weather;
}

/**
 * NSRDB TMY3 CSV (Wilcox and Marion 2008, NREL/TP-581-43156): an optional station line (USAF, name, state,
 * time zone, lat, lon, elevation), a header with "Date (MM/DD/YYYY)", "Time (HH:MM)" and "Dry-bulb (C)",
 * one row per hour ending 01:00..24:00. Some exports write the 24th hour as 00:00 of the same date; both are
 * read as hour 24. No design conditions: give the design temperature yourself.
 */
export function parseTmy3Csv(text: string, file = 'tmy3.csv'): HourlyWeather {
  const lines = csvLines(text);
  const h = lines.findIndex((l) => l.includes('Date (MM/DD/YYYY)'));
  if (h < 0 || h > 1)
    throw new InputError('not a TMY3 CSV: no "Date (MM/DD/YYYY)" header in lines 1-2', { file });
  const station = h === 1 ? splitCsvLine(lines[0] as string)[1]?.trim() : undefined;
  const header = splitCsvLine(lines[h] as string).map((x) => x.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new InputError(`missing column ${name}`, { file, line: h + 1, field: name });
    return i;
  };
  const [date, time, dry, name] = [
    col('Date (MM/DD/YYYY)'),
    col('Time (HH:MM)'),
    col('Dry-bulb (C)'),
    header.indexOf('StationName'),
  ];
  const weather: HourlyWeather = { site: station ?? '', source: file, hours: [] };
  for (let n = h + 1; n < lines.length; n++) {
    const f = splitCsvLine(lines[n] as string);
    const where = (field: string) => ({ file, line: n + 1, field });
    const [mm, dd] = (f[date] ?? '').split('/');
    const hh = num((f[time] ?? '').split(':')[0], where('Time (HH:MM)'));
    const dryBulbC = num(f[dry], where('Dry-bulb (C)'));
    if (dryBulbC < -70 || dryBulbC > 70)
      throw new InputError('dry bulb outside -70..70 degC', { ...where('Dry-bulb (C)'), value: f[dry] });
    weather.hours.push({
      month: num(mm, where('Date (MM/DD/YYYY)')),
      day: num(dd, where('Date (MM/DD/YYYY)')),
      hour: hh === 0 ? 24 : hh,
      dryBulbC,
    });
    if (!weather.site && name >= 0) weather.site = [f[name], f[name + 1]].filter(Boolean).join(', ');
  }
  checkYear(weather.hours, file);
  return weather;
}

/** Reads an .epw or TMY3 .csv file, chosen by extension. */
export function loadWeatherFile(path: string | URL): HourlyWeather {
  const file = basename(typeof path === 'string' ? path : path.pathname);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read weather file: ${(error as Error).message}`, { file });
  }
  if (/\.epw$/i.test(file)) return parseEpw(text, file);
  if (/\.csv$/i.test(file)) return parseTmy3Csv(text, file);
  throw new InputError('weather file must be .epw (EnergyPlus) or .csv (NSRDB TMY3)', { file });
}

/** A shipped site by id (boston, richmond, baltimore, concord). */
export function loadSite(id: string): HourlyWeather {
  const key = id.trim().toLowerCase();
  if (!(key in SITES))
    throw new InputError(`unknown site; use one of ${Object.keys(SITES).join(', ')} or give an EPW file`, {
      field: 'site',
      value: id,
    });
  return loadWeatherFile(new URL(`../../reference/weather/${SITES[key as SiteId]}`, import.meta.url));
}
