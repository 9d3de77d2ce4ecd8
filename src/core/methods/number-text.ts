/**
 * Numbers in check messages as `n.toLocaleString('en-US', { minimumFractionDigits, maximumFractionDigits })`
 * writes them, without Intl. Every calculation words its physics audit (src/core/methods/audit.ts), and
 * toLocaleString builds a new Intl.NumberFormat on every call (ECMA-402, Number.prototype.toLocaleString):
 * about 30 us a number, a third of an API calc request; a kept Intl.NumberFormat still took 1-2 us.
 *
 * What Intl does (ICU, number formatting of a double): it takes the number's shortest round-trip decimal
 * digits, the digits `String(n)` gives (ECMA-262 Number::toString; ICU's double-conversion SHORTEST mode),
 * rounds them half away from zero ("halfExpand", the default rounding mode) to `maxDigits` decimals, drops
 * trailing zeros down to `minDigits`, groups the integer part by thousands with "," and writes "-" before a
 * negative number, negative zero included ("-0.00"). So (1.005).toLocaleString(..2..) is "1.01" where
 * (1.005).toFixed(2) is "1.00": toFixed rounds the exact binary value, 1.00499999999999989... Values whose
 * shortest text has an exponent (below 1e-6 or from 1e21), NaN and the infinities are handed to Intl itself.
 * test/core/number-text.test.ts compares the two over random and edge values.
 */
export function enUsNumber(n: number, minDigits: number, maxDigits: number): string {
  const text = String(Math.abs(n));
  if (!Number.isFinite(n) || text.includes('e'))
    return n.toLocaleString('en-US', {
      minimumFractionDigits: minDigits,
      maximumFractionDigits: maxDigits,
    });
  const dot = text.indexOf('.');
  let int = dot < 0 ? text : text.slice(0, dot);
  let frac = dot < 0 ? '' : text.slice(dot + 1);
  if (frac.length > maxDigits) {
    const up = frac.charCodeAt(maxDigits) >= 53; // the first dropped digit is 5 or more: away from zero
    frac = frac.slice(0, maxDigits);
    if (up) [int, frac] = incremented(int, frac);
  }
  let end = frac.length;
  while (end > minDigits && frac.charCodeAt(end - 1) === 48) end--;
  frac = frac.slice(0, end).padEnd(minDigits, '0');
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  return `${sign}${grouped(int)}${frac ? `.${frac}` : ''}`;
}

/** int.frac plus one unit in frac's last place (or in int's when frac is empty), as decimal text. */
function incremented(int: string, frac: string): [string, string] {
  const all = int + frac;
  let k = all.length - 1;
  while (k >= 0 && all.charCodeAt(k) === 57) k--; // trailing 9s carry
  const bumped =
    k < 0
      ? `1${'0'.repeat(all.length)}`
      : `${all.slice(0, k)}${String.fromCharCode(all.charCodeAt(k) + 1)}${'0'.repeat(all.length - k - 1)}`;
  const intLength = bumped.length - frac.length;
  return [bumped.slice(0, intLength), bumped.slice(intLength)];
}

/** "1234567" -> "1,234,567" (en-US thousands). */
function grouped(int: string): string {
  const head = int.length % 3 || 3;
  let out = int.slice(0, head);
  for (let i = head; i < int.length; i += 3) out += `,${int.slice(i, i + 3)}`;
  return out;
}
