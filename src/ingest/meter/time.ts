import { IANAZone } from 'luxon';
import { InputError } from '../../core/index.ts';

/**
 * ISO 8601 times read from bytes: `YYYY-MM-DD[T| ]hh:mm[:ss[.fff]]` followed by `Z`, `+hh:mm`, `+hhmm` or
 * `+hh`, or by nothing (a local time, which needs a time zone). `24:00` is the end of the day (ISO 8601).
 *
 * Local times are resolved in an IANA zone with luxon's zone rules, DST-safe for rows in time order:
 * - a local time that exists twice (the repeated autumn hour) takes the earlier instant unless that is not
 *   after the previous row, then the later one: so 01:59 EDT -> 01:00 (again) is read as 01:00 EST;
 * - a local time in the skipped spring hour does not exist and is an error; 01:59 -> 03:00 is one minute.
 */
export class TimeReader {
  /** Why the last parse returned NaN. */
  reason = '';
  private readonly zone: IANAZone | undefined;
  private cachedHour = NaN;
  private cachedDayKey = NaN;
  private cachedDayMs = 0;
  private cachedOffsetMs = 0;
  /** The bytes `YYYY-MM-DD` of the cached day (zeros, which no date matches, before the first). */
  private readonly dayBytes = new Uint8Array(10);

  constructor(readonly tz?: string) {
    if (tz !== undefined) {
      const zone = IANAZone.create(tz);
      if (!zone.isValid) throw new InputError('unknown IANA time zone', { field: 'tz', value: tz });
      this.zone = zone;
    }
  }

  /** [offsetFromMs, offsetToMs): a span of UTC hours over which the zone's offset is offsetMinutes. */
  private offsetFromMs = NaN;
  private offsetToMs = NaN;
  private offsetMinutes = 0;

  /**
   * Offset of local time from UTC in minutes at an instant: the zone's, or 0 (UTC) without a zone. Memoised
   * over spans of whole UTC hours (luxon's IANAZone.offset formats the instant with Intl each call, the cost
   * of hourly zone work): the offset at the start of the instant's UTC hour and 12 h later agree, so it holds
   * over those 12 h, given at most one offset change within 12 h (the assumption `candidates` below makes;
   * true of every IANA zone). Otherwise the zone is asked at the instant itself: the same value either way.
   */
  utcOffsetMinutes = (timeMs: number): number => {
    const zone = this.zone;
    if (!zone) return 0;
    if (timeMs >= this.offsetFromMs && timeMs < this.offsetToMs) return this.offsetMinutes;
    const from = Math.floor(timeMs / 3_600_000) * 3_600_000;
    const to = from + 12 * 3_600_000;
    const offset = zone.offset(from);
    if (Number.isFinite(offset) && zone.offset(to) === offset) {
      this.offsetFromMs = from;
      this.offsetToMs = to;
      this.offsetMinutes = offset;
      return offset;
    }
    return zone.offset(timeMs);
  };

  /** Epoch ms of the time in bytes [start, end), or NaN (see {@link reason}). */
  parse(buf: Uint8Array, start: number, end: number, previousMs: number): number {
    if (end - start === 20 && buf[start + 19] === 0x5a && buf[start + 10] === 0x54) {
      // Fast path, `YYYY-MM-DDThh:mm:ssZ` on the day of the previous row (its 10 date bytes equal): only
      // h:m:s are read. The same checks and the same sum as below, so the same instant; anything else
      // (another day, a fraction, an offset, 24:00, a bad digit) takes the full path.
      const day = this.dayBytes;
      let same = true;
      for (let k = 0; k < 10; k++)
        if (buf[start + k] !== day[k]) {
          same = false;
          break;
        }
      if (same && buf[start + 13] === 0x3a && buf[start + 16] === 0x3a) {
        const h1 = buf[start + 11]! - 0x30;
        const h2 = buf[start + 12]! - 0x30;
        const m1 = buf[start + 14]! - 0x30;
        const m2 = buf[start + 15]! - 0x30;
        const s1 = buf[start + 17]! - 0x30;
        const s2 = buf[start + 18]! - 0x30;
        // each digit 0..9 (an unsigned shift maps a negative difference above 9)
        if (
          h1 >>> 0 <= 2 &&
          h2 >>> 0 <= 9 &&
          m1 >>> 0 <= 5 &&
          m2 >>> 0 <= 9 &&
          s1 >>> 0 <= 5 &&
          s2 >>> 0 <= 9
        ) {
          const hour = h1 * 10 + h2;
          if (hour <= 23)
            return this.cachedDayMs + hour * 3_600_000 + (m1 * 10 + m2) * 60_000 + (s1 * 10 + s2) * 1000;
        }
      }
    }
    return this.parseAny(buf, start, end, previousMs);
  }

  /** {@link parse} of any time (the fast path's small size lets it be inlined where fields are read). */
  private parseAny(buf: Uint8Array, start: number, end: number, previousMs: number): number {
    while (start < end && buf[start] === 0x20) start++;
    while (end > start && buf[end - 1] === 0x20) end--;
    const b = buf;
    let i = start;
    const year = digits(b, i, 4, end);
    if (b[(i += 4)] !== 0x2d) return this.fail();
    const month = digits(b, ++i, 2, end);
    if (b[(i += 2)] !== 0x2d) return this.fail();
    const day = digits(b, ++i, 2, end);
    i += 2;
    if (b[i] !== 0x54 && b[i] !== 0x20 && b[i] !== 0x74) return this.fail();
    const hour = digits(b, ++i, 2, end);
    if (b[(i += 2)] !== 0x3a) return this.fail();
    const minute = digits(b, ++i, 2, end);
    i += 2;
    let second = 0;
    let ms = 0;
    if (i < end && b[i] === 0x3a) {
      second = digits(b, ++i, 2, end);
      i += 2;
      if (i < end && (b[i] === 0x2e || b[i] === 0x2c)) {
        i++;
        let scale = 100;
        const from = i;
        for (; i < end && b[i]! >= 0x30 && b[i]! <= 0x39; i++, scale /= 10) ms += (b[i]! - 0x30) * scale;
        if (i === from) return this.fail();
        ms = Math.round(ms);
      }
    }
    const dayKey = (year * 16 + month) * 32 + day;
    if (dayKey !== this.cachedDayKey) {
      // a new calendar day (rows of one day share it: one Date.UTC per day, not per row)
      if (!(year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)))
        return this.fail(); // (Date.UTC would also read years 0..99 as 19xx)
      this.cachedDayKey = dayKey;
      this.cachedDayMs = Date.UTC(year, month - 1, day);
      for (let k = 0; k < 10; k++) this.dayBytes[k] = b[start + k]!; // YYYY-MM-DD of that day
    }
    if (!(
      minute <= 59 &&
      second <= 59 &&
      (hour <= 23 || (hour === 24 && minute === 0 && second === 0 && ms === 0))
    ))
      return this.fail();
    const wallMs = this.cachedDayMs + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
    if (i === end) return this.local(wallMs, previousMs);
    const sign = b[i];
    if ((sign === 0x5a || sign === 0x7a) && i + 1 === end) return wallMs; // Z
    if (sign !== 0x2b && sign !== 0x2d) return this.fail();
    i++;
    const offH = digits(b, i, 2, end);
    i += 2;
    if (i < end && b[i] === 0x3a) i++;
    const offM = i >= end ? 0 : digits(b, i, 2, end);
    if (i < end) i += 2;
    if (i !== end || !(offH <= 23 && offM <= 59)) return this.fail();
    const offsetMs = (offH * 60 + offM) * 60_000;
    return sign === 0x2b ? wallMs - offsetMs : wallMs + offsetMs;
  }

  private fail(reason = 'not an ISO 8601 time (YYYY-MM-DDThh:mm[:ss] with Z or +hh:mm, or local with --tz)') {
    this.reason = reason;
    return NaN;
  }

  /** A local wall time (as if UTC) to an instant in the zone. */
  private local(wallMs: number, previousMs: number): number {
    const zone = this.zone;
    if (!zone) return this.fail('the time has no UTC offset: add one (Z, +hh:mm) or give --tz ZONE');
    const hour = Math.floor(wallMs / 3_600_000);
    if (hour === this.cachedHour) return wallMs - this.cachedOffsetMs;
    const [early, late] = candidates(zone, wallMs);
    if (early === undefined) return this.fail(`this local time does not exist in ${zone.name} (DST change)`);
    if (late === undefined && this.hourIsPlain(zone, hour)) {
      this.cachedHour = hour;
      this.cachedOffsetMs = wallMs - early;
    }
    return late === undefined || early > previousMs ? early : late;
  }

  /** True when the whole local hour maps to instants with one offset (no transition inside it). */
  private hourIsPlain(zone: IANAZone, hour: number): boolean {
    const a = candidates(zone, hour * 3_600_000);
    const b = candidates(zone, (hour + 1) * 3_600_000 - 1);
    return (
      a.length === 1 && b.length === 1 && hour * 3_600_000 - a[0]! === (hour + 1) * 3_600_000 - 1 - b[0]!
    );
  }
}

/**
 * The instants (ascending) whose local time in the zone is `wallMs`: none in a spring-forward gap, two in a
 * repeated autumn hour. Assumes at most one offset change within 12 h either side (true of every IANA zone).
 */
function candidates(zone: IANAZone, wallMs: number): number[] {
  const found: number[] = [];
  for (const probe of [wallMs - 43_200_000, wallMs + 43_200_000]) {
    const offsetMs = zone.offset(probe) * 60_000;
    const instant = wallMs - offsetMs;
    if (zone.offset(instant) * 60_000 === offsetMs && !found.includes(instant)) found.push(instant);
  }
  return found.sort((x, y) => x - y);
}

/** The n-digit number at bytes [i, i + n), or NaN when one is not a digit or lies past `end`. */
function digits(b: Uint8Array, i: number, n: number, end: number): number {
  if (i + n > end) return NaN;
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = b[k]! - 0x30;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
