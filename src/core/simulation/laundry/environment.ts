import { cToF, fToC, K_PER_DEGF } from '../../units/index.ts';

/**
 * The laundry's surroundings as smooth functions of time: outdoor air, cold mains water, solar irradiance.
 * Day of year is 1-based; hours are local standard time, taken as solar time (the clock-solar offset of up to
 * about 30 min from longitude and the equation of time is ignored).
 */

const TWO_PI = 2 * Math.PI;
const DEG = Math.PI / 180;
/** Days per year in the seasonal harmonics (mean Gregorian year). */
const YEAR_DAYS = 365.25;

export interface OutdoorClimate {
  outdoorMeanC: number;
  outdoorAnnualAmplitudeK: number;
  warmestDayOfYear: number;
  outdoorDailyAmplitudeK: number;
  warmestHour: number;
}

/**
 * Outdoor dry-bulb: annual mean + first annual harmonic + daily harmonic (+ a weather anomaly the caller adds):
 *   T = Tmean + A_year cos(2 pi (doy - doy_warm) / 365.25) + A_day cos(2 pi (h - h_warm) / 24)
 */
export function outdoorC(c: OutdoorClimate, dayOfYear: number, hour: number): number {
  return (
    c.outdoorMeanC +
    c.outdoorAnnualAmplitudeK * Math.cos((TWO_PI * (dayOfYear - c.warmestDayOfYear)) / YEAR_DAYS) +
    c.outdoorDailyAmplitudeK * Math.cos((TWO_PI * (hour - c.warmestHour)) / 24)
  );
}

/**
 * Cold mains water temperature, Burch and Christensen (2007), "Towards development of an algorithm for mains
 * water temperature" (NREL), as used by EnergyPlus Site:WaterMainsTemperature (Engineering Reference), in degF:
 *   T = (Tavg + 6) + ratio (dTmax / 2) sin(0.986 (doy - 15 - lag) - 90)   [angle in degrees]
 *   ratio = 0.4 + 0.01 (Tavg - 44),  lag = 35 - 1.0 (Tavg - 44)
 * Tavg: annual mean outdoor air (degF); dTmax: difference of the warmest and coldest monthly mean outdoor
 * temperatures (degF interval).
 */
export function mainsWaterC(annualMeanAirC: number, monthlyMeanSpreadK: number, dayOfYear: number): number {
  const avgF = cToF(annualMeanAirC);
  const maxDiffF = monthlyMeanSpreadK / K_PER_DEGF;
  const ratio = 0.4 + 0.01 * (avgF - 44);
  const lag = 35 - 1.0 * (avgF - 44);
  const angleDeg = 0.986 * (dayOfYear - 15 - lag) - 90;
  return fToC(avgF + 6 + ratio * (maxDiffF / 2) * Math.sin(angleDeg * DEG));
}

/** Solar constant, W/m2 (the 1367 W/m2 used by the TMY3 ETR; NSRDB User's Manual 2008). */
const SOLAR_CONSTANT_WM2 = 1367;

/**
 * Extraterrestrial irradiance on a horizontal surface, W/m2 (0 at night):
 *   declination d = 23.45 sin(360 (284 + doy) / 365) deg (Cooper 1969),
 *   hour angle w = 15 (h - 12) deg, sin(elevation) = sin(lat) sin(d) + cos(lat) cos(d) cos(w),
 *   G0 = 1367 (1 + 0.033 cos(360 doy / 365)) sin(elevation)   (Duffie and Beckman, Solar Engineering of
 *   Thermal Processes, eq. 1.4.1b and 1.6.5).
 * Multiplied by a daily clearness index it approximates global horizontal irradiance.
 */
export function extraterrestrialHorizontalWm2(latitudeDeg: number, dayOfYear: number, hour: number): number {
  const declination = 23.45 * DEG * Math.sin((TWO_PI * (284 + dayOfYear)) / 365);
  const lat = latitudeDeg * DEG;
  const hourAngle = 15 * DEG * (hour - 12);
  const sinElevation =
    Math.sin(lat) * Math.sin(declination) + Math.cos(lat) * Math.cos(declination) * Math.cos(hourAngle);
  if (sinElevation <= 0) return 0;
  return SOLAR_CONSTANT_WM2 * (1 + 0.033 * Math.cos((TWO_PI * dayOfYear) / 365)) * sinElevation;
}
