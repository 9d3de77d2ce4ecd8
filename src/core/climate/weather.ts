/**
 * Hourly weather of a typical year, as read from EPW or NSRDB TMY3 files by src/ingest/weather.ts.
 * One record per hour; `hour` is the file's hour-ending number 1..24 (TMY3 manual, NREL/TP-581-43156;
 * EnergyPlus Auxiliary Programs, "Weather Converter", EPW data fields).
 */
export interface WeatherHour {
  month: number;
  day: number;
  /** Hour ending, 1..24 local standard time. */
  hour: number;
  dryBulbC: number;
}

export interface HourlyWeather {
  /** Station name as the file gives it. */
  site: string;
  /** File the data came from. */
  source: string;
  hours: WeatherHour[];
  /** ASHRAE heating design dry-bulb, 99.6 % annual (EPW DESIGN CONDITIONS header), when the file has one. */
  designHeatingC?: number;
  /** ASHRAE heating design dry-bulb, 99 % annual. */
  designHeating99C?: number;
  /** ASHRAE cooling design dry-bulb, 0.4 % annual. */
  designCoolingC?: number;
}

/** The dry-bulb temperatures of a weather year, in file order. */
export const dryBulbs = (weather: HourlyWeather): number[] => weather.hours.map((h) => h.dryBulbC);
