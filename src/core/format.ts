/**
 * A number for people in a check message: fixed decimals with thousands separators (999,999,897.000 kWh, not
 * 999999897.000). en-US always, so a message reads the same on every machine.
 */
export function grouped(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** "1234567.5" -> "1,234,567.5": thousands separators in a plain decimal's integer part. */
function groupInteger(text: string): string {
  const [int = '', frac] = text.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/**
 * A number for people without Intl (so it costs nothing at start-up, where ranges and sources are worded):
 * whole numbers exactly, others to `digits` significant digits, trailing zeros dropped, thousands grouped as
 * en-US does (3,412,000; 0.0284345; 284,345). Falls back to `toLocaleString` for exponent-size values.
 */
export function plainNumber(value: number, digits = 6): string {
  if (!Number.isFinite(value)) return String(value);
  const text = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(digits)));
  if (/e/i.test(text)) return value.toLocaleString('en-US', { maximumSignificantDigits: digits });
  return groupInteger(text);
}

/**
 * A duration for people, exact to the second: "45 s", "15 min", "2 min 30 s", "30 h 1 min", "3 d 4 h"
 * (days only from 48 h on; the smaller unit only when not zero).
 */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const total = Math.round(Math.abs(ms) / 1000);
  const sign = ms < 0 && total > 0 ? '-' : '';
  const part = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    `${sign}${groupInteger(String(big))} ${bigUnit}${small ? ` ${small} ${smallUnit}` : ''}`;
  if (total < 60) return `${sign}${total} s`;
  if (total < 3600) return part(Math.floor(total / 60), 'min', total % 60, 's');
  if (total < 48 * 3600) return part(Math.floor(total / 3600), 'h', Math.floor((total % 3600) / 60), 'min');
  return part(Math.floor(total / 86_400), 'd', Math.floor((total % 86_400) / 3600), 'h');
}
