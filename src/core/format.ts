/**
 * A number for people in a check message: fixed decimals with thousands separators (999,999,897.000 kWh, not
 * 999999897.000). en-US always, so a message reads the same on every machine.
 */
export function grouped(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
