import type { WeatherHour } from '../climate/index.ts';

/**
 * Brine (ground-loop) temperature entering the heat pump from the daily mean outdoor temperature, the
 * correlation hplib uses (FZJ-IEK3-VSA/hplib, HeatingSystem.calc_brine_temp), fitted there to field data of
 * Fraunhofer ISE "WP Monitor" (2014, p. 115) for German ground-source installations:
 *   T_brine = -0.0003 t^3 + 0.0086 t^2 + 0.3047 t + 5.0647     (t = daily mean outdoor air, degC)
 * An assumption for North American sites: loop sizing and ground temperature differ; pass a constant instead
 * when the design loop temperature is known.
 */
export function brineTemperatureC(dailyMeanAirC: number): number {
  const t = dailyMeanAirC;
  return -0.0003 * t ** 3 + 0.0086 * t ** 2 + 0.3047 * t + 5.0647;
}

/** Mean dry-bulb of each calendar day, repeated for each hour of that day (file order). */
export function dailyMeanByHour(hours: readonly WeatherHour[]): number[] {
  const sums = new Map<string, { sum: number; n: number }>();
  const key = (h: WeatherHour) => `${h.month}-${h.day}`;
  for (const h of hours) {
    const s = sums.get(key(h)) ?? { sum: 0, n: 0 };
    s.sum += h.dryBulbC;
    s.n += 1;
    sums.set(key(h), s);
  }
  return hours.map((h) => {
    const s = sums.get(key(h)) as { sum: number; n: number };
    return s.sum / s.n;
  });
}
