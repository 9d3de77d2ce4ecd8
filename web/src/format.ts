// Numbers for people (issue 12): 4 significant figures with thousands separators (431.3 MWh, 823,400 BTU/day),
// and the unit always beside the number. Energy picks kWh, MWh or GWh so the number stays readable.

/** `x` to 4 significant figures, grouped en-US: 431.32473 -> "431.3", 823412 -> "823,400", 2.0711 -> "2.071". */
export function sig(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const rounded = Number(x.toPrecision(digits));
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(rounded))));
  return rounded.toLocaleString('en-US', { maximumFractionDigits: Math.min(decimals, 20) });
}

export const num = (x: number | null | undefined, unit: string, digits = 4): string =>
  x === null || x === undefined ? '–' : `${sig(x, digits)} ${unit}`.trim();

/** Energy given in kWh, in the unit that reads best: 950 kWh, 431.3 MWh, 1.2 GWh. */
export function energy(kwh: number | null | undefined): string {
  if (kwh === null || kwh === undefined || !Number.isFinite(kwh)) return '–';
  const a = Math.abs(kwh);
  if (a >= 1e6) return `${sig(kwh / 1e6)} GWh`;
  if (a >= 1e3) return `${sig(kwh / 1e3)} MWh`;
  return `${sig(kwh)} kWh`;
}

export const mwh = (x: number | null | undefined) => (x === null || x === undefined ? '–' : energy(x * 1000));

/** A whole count, grouped: 1,234 certificates. */
export const count = (n: number, unit?: string) =>
  `${Math.round(n).toLocaleString('en-US')}${unit ? ` ${unit}` : ''}`;

export const pct = (fraction: number | null | undefined, digits = 3) =>
  fraction === null || fraction === undefined ? '–' : `${sig(fraction * 100, digits)} %`;

export const usd = (x: number | null | undefined) =>
  x === null || x === undefined
    ? '–'
    : `${x < 0 ? '-' : ''}$${Math.abs(x).toLocaleString('en-US', { maximumFractionDigits: 0 })}`;

/** BTU per day from kWh over a number of days: 1 kWh = 3,600,000 J / 1,055.05585262 J/BTU (IT) = 3,412.14163 BTU (docs/methods.md, units). */
export const BTU_PER_KWH = 3412.14163;
export const btuPerDay = (kwh: number, days: number) => `${sig((kwh * BTU_PER_KWH) / days)} BTU/day`;

/** An instant or a date as people read it, in the site's time zone. */
export function when(iso: string, timeZone?: string, withTime = true): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-US', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
  });
}

/** "Jul 2026": the month of an instant in a time zone. */
export const monthOf = (iso: string, timeZone?: string) =>
  new Date(iso).toLocaleString('en-US', { timeZone, year: 'numeric', month: 'short' });

/** YYYY-MM-DD of an instant in a time zone. */
export function dayIn(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));
  return parts;
}

export const techLabel: Record<string, string> = {
  'ground-source': 'ground source',
  'air-to-water': 'air to water',
  'air-to-air': 'air to air',
  'water-source': 'water source',
};
