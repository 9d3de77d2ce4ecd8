// The zone fast paths of the speed work (docs/performance.md): `isoIn` formats a local time from the hour's
// offset, and the meter reader memoises the zone offset over spans of UTC hours. Both must give exactly what
// luxon gives, so each is compared with luxon itself (DateTime#toISO, IANAZone#offset) over instants around
// DST changes, half- and quarter-hour zones, a 30-minute DST shift (Lord Howe), UTC and IANA zones at offset
// 0, instants with milliseconds, in and out of time order.
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isoIn } from '../../src/app/energy-json.ts';
import { TimeReader } from '../../src/ingest/meter/time.ts';

const ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'America/St_Johns',
  'Pacific/Chatham',
  'Etc/UTC',
  'UTC',
  'Africa/Casablanca',
];
const H = 3_600_000;

/** Every 17 minutes and 13 ms over the spring and autumn changes of 2024 (both hemispheres), and far dates. */
function instants(): number[] {
  const out: number[] = [];
  for (const center of [
    Date.UTC(2024, 2, 10, 7),
    Date.UTC(2024, 10, 3, 6),
    Date.UTC(2024, 2, 31, 1),
    Date.UTC(2024, 9, 27, 1),
    Date.UTC(2024, 3, 6, 15),
    Date.UTC(2024, 9, 5, 15),
  ])
    for (let t = center - 30 * H; t < center + 30 * H; t += 17 * 60_000 + 13) out.push(t, t - (t % 60_000));
  out.push(
    Date.UTC(1900, 0, 1),
    Date.UTC(1883, 10, 18, 17),
    Date.UTC(2200, 5, 1),
    Date.UTC(999, 0, 1),
    -1,
    0,
  );
  return out;
}

describe('zone fast paths give luxon’s answers', () => {
  it('isoIn prints what DateTime#toISO({ suppressMilliseconds: true }) prints', () => {
    for (const tz of ZONES)
      for (const t of instants())
        expect(isoIn(t, tz), `${tz} ${t}`).toBe(
          DateTime.fromMillis(t, { zone: tz }).toISO({ suppressMilliseconds: true }),
        );
    expect(isoIn(Date.UTC(2024, 6, 1, 12), 'America/New_York')).toBe('2024-07-01T08:00:00-04:00');
    expect(isoIn(Date.UTC(2024, 6, 1, 12, 0, 0, 5), 'Asia/Kolkata')).toBe('2024-07-01T17:30:00.005+05:30');
  });

  it('the meter reader’s memoised offset is IANAZone#offset, in and out of order', () => {
    for (const tz of ZONES.filter((z) => z !== 'UTC')) {
      const zone = IANAZone.create(tz);
      const reader = new TimeReader(tz);
      const ts = instants();
      for (const t of [...ts, ...ts.slice().reverse()])
        expect(reader.utcOffsetMinutes(t), `${tz} ${t}`).toBe(zone.offset(t));
    }
    expect(new TimeReader().utcOffsetMinutes(Date.UTC(2024, 2, 10, 7))).toBe(0);
  });
});
