// System (issue 12): heat, cooling, electricity, COP and temperatures over time; zoom from years to minutes by
// dragging across a chart (the server downsamples: /series gives at most as many points as the chart is wide,
// with each run's peak hour kept; a span of 3 days or less comes from /minutes, integrated from the stored
// readings, drawn minute by minute or, with more minutes than pixels, in runs with their peak minute);
// coverage and checks, meter uncertainty, COP
// against Carnot, certificates.
import { useMemo, useState } from 'react';
import { get, paths, query, type Json } from '../api.ts';
import { Chart, useWidth, type Series } from '../Chart.tsx';
import { batchesWithIssuance, showSystem } from '../data.ts';
import { useQueryState } from '../fields.tsx';
import { btuPerDay, count, dayIn, energy, num, pct, sig, techLabel } from '../format.ts';
import { carnotCop, fractionOfCarnot } from '../physics.ts';
import { Link } from '../router.tsx';
import {
  Checks,
  ErrorBox,
  Loading,
  missingRoute,
  Section,
  Stat,
  useLoad,
  useTitle,
  type Check,
} from '../ui.tsx';

const DAY_MS = 86_400_000;
/** The longest span the minutes route gives (docs/api.md): 3 days. */
const MINUTES_MAX_DAYS = 3;

/**
 * The chart's drawing width in pixels: its CSS width (less the axis) times the device pixel ratio, the
 * pixels uPlot's canvas has. A span with at most that many minutes is drawn minute by minute.
 */
function chartPixels(cssWidth: number): number {
  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  return Math.floor(Math.max(0, cssWidth - 60) * ratio);
}

/** The days with stored data: the first upload's start to the last upload's end, in the site's zone. */
function dataSpan(s: Json, tz: string): { from: string; to: string } {
  let first = Infinity;
  let last = -Infinity;
  for (const m of (s.meters as Json[] | undefined) ?? [])
    for (const u of (m.uploads as Json[] | undefined) ?? []) {
      first = Math.min(first, Date.parse(String(u.from)));
      last = Math.max(last, Date.parse(String(u.to)));
    }
  if (!Number.isFinite(first)) {
    const now = Date.now();
    return { from: dayIn(now - 365 * DAY_MS, tz), to: dayIn(now + DAY_MS, tz) };
  }
  return { from: dayIn(first, tz), to: dayIn(last + DAY_MS - 1, tz) };
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

export default function System({ params }: { params: string[] }) {
  const id = params[0] ?? '';
  const sys = useLoad((signal) => showSystem(id, signal), [id]);
  useTitle(sys.data ? String(sys.data.name) : 'System');
  if (sys.loading && !sys.data) return <Loading what="the system" />;
  if (sys.error) return <ErrorBox error={sys.error} what="the system" />;
  if (!sys.data) return null;
  return <SystemPage s={sys.data} />;
}

function SystemPage({ s }: { s: Json }) {
  const tz = String(s.site?.tz ?? 'UTC');
  const [values, set] = useQueryState();
  const span = useMemo(() => dataSpan(s, tz), [s, tz]);
  const from = values.from ?? span.from;
  const to = values.to ?? span.to;
  const [box, width] = useWidth<HTMLDivElement>();
  const points = Math.max(10, Math.min(width - 60, 10_000));
  const days = Math.max(1, daysBetween(from, to));
  // The /data interval whose count fits the chart's width (no chart with more points than pixels).
  const interval = days * 24 <= points ? 'hour' : days <= points ? 'day' : 'month';
  const metered = ((s.meters as Json[] | undefined) ?? []).length > 0;
  // Minutes for a span of up to 3 days (the minutes route's limit), else hours. Where the span has more
  // minutes than the chart has pixels (a day on a 1x screen: 1,440 minutes, about 1,100 pixels), the chart
  // draws runs of whole minutes, each with its peak minute, so no chart has more points than pixels.
  const pixels = chartPixels(width);
  const byMinute = width > 0 && days <= MINUTES_MAX_DAYS;
  const series = useLoad(
    (signal) =>
      width === 0 || !metered || byMinute
        ? Promise.resolve(undefined)
        : get(`${paths.systemSeries(String(s.id))}${query({ from, to, points })}`, signal),
    [s.id, from, to, points, width, metered, byMinute],
  );
  const minutes = useLoad(
    (signal) =>
      !metered || !byMinute
        ? Promise.resolve(undefined)
        : get(`${paths.systemMinutes(String(s.id))}${query({ from, to })}`, signal),
    [s.id, from, to, metered, byMinute],
  );
  const data = useLoad(
    (signal) =>
      !metered
        ? Promise.resolve(undefined)
        : get(`${paths.systemData(String(s.id))}${query({ from, to, interval })}`, signal),
    [s.id, from, to, interval, metered],
  );
  const zoom = (fromS: number, toS: number) => {
    const a = dayIn(fromS * 1000, tz);
    let b = dayIn(toS * 1000 + DAY_MS - 1, tz);
    if (b <= a) b = addDays(a, 1);
    set('from', a);
    set('to', b);
  };
  const setRange = (a: string, b: string) => {
    set('from', a);
    set('to', b);
  };
  const preset = (n: number) => {
    const end = to;
    setRange(addDays(end, -n), end);
  };
  return (
    <>
      <h1>{String(s.name)}</h1>
      <p className="muted">
        {techLabel[String(s.technology)] ?? String(s.technology)},{' '}
        {num(Number(s.rated_capacity_w) / 1000, 'kW')} ({num(Number(s.rated_capacity_tons), 'tons')}), rated
        COP {sig(Number(s.rated_cop))}; {String(s.site?.name)}, {String(s.site?.state)} ({tz}); commissioned{' '}
        {String(s.commissioned ?? '–')}.{' '}
        <Link href={`/systems/${String(s.id)}/evidence`}>Evidence report</Link>
      </p>
      {!metered && (
        <Section title="No meter" id="no-meter">
          <p>
            This system has no meter: it earns by a formula (see its enrolments below, and the{' '}
            <Link
              href={`/calculator?method=grec-formula&tons=${String(s.rated_capacity_tons)}&cop=${String(s.rated_cop)}`}
            >
              calculator
            </Link>
            ).
          </p>
        </Section>
      )}
      {metered && (
        <Section title="Over time" id="over-time">
          <div className="row no-print" role="group" aria-label="Range">
            <label className="row">
              From{' '}
              <input
                type="date"
                value={from}
                onChange={(e) => e.target.value && set('from', e.target.value)}
              />
            </label>
            <label className="row">
              to (exclusive){' '}
              <input type="date" value={to} onChange={(e) => e.target.value && set('to', e.target.value)} />
            </label>
            <button type="button" className="secondary" onClick={() => setRange(span.from, span.to)}>
              All data
            </button>
            <button type="button" className="secondary" onClick={() => preset(30)}>
              30 days
            </button>
            <button type="button" className="secondary" onClick={() => preset(7)}>
              7 days
            </button>
            <button type="button" className="secondary" onClick={() => preset(1)}>
              1 day
            </button>
          </div>
          <p className="muted small" data-testid="resolution">
            Drag across a chart to zoom in. {days.toLocaleString('en-US')} {days === 1 ? 'day' : 'days'};{' '}
            {byMinute
              ? minutes.data
                ? minutesPer(minutes.data, pixels) === 1
                  ? 'one point per minute, integrated from the stored meter readings'
                  : `one point per ${minutesPer(minutes.data, pixels)} minutes (more minutes than the chart has pixels: each run's peak minute is kept), integrated from the stored meter readings; drag across a chart to see every minute`
                : ''
              : series.data
                ? `one point per ${count(Number(series.data.hours_per_point))} h (the peak hour of each kept); ${MINUTES_MAX_DAYS} days or fewer show the minutes`
                : ''}
            .
          </p>
          <div ref={box}>
            {!byMinute && series.loading && !series.data && <Loading what="the series" />}
            {!byMinute && series.error && <ErrorBox error={series.error} what="the series" />}
            {!byMinute && series.data && <EnergyChart j={series.data} tz={tz} onZoom={zoom} />}
            {!byMinute && data.data && <CopChart j={data.data} tz={tz} onZoom={zoom} />}
            {byMinute && minutes.loading && !minutes.data && <Loading what="the minutes" />}
            {byMinute && minutes.error && <ErrorBox error={minutes.error} what="the minutes" />}
            {byMinute && minutes.data && <MinuteCharts j={minutes.data} tz={tz} pixels={pixels} />}
          </div>
        </Section>
      )}
      {metered && (
        <Section title="In the range" id="totals">
          {data.loading && !data.data && <Loading what="the totals" />}
          {data.error && <ErrorBox error={data.error} what="the totals" />}
          {data.data && <Totals j={data.data} days={days} />}
        </Section>
      )}
      {metered && <Coverage s={s} />}
      <Section title="Enrolments" id="enrolments">
        <ul>
          {((s.enrolments as Json[] | undefined) ?? []).map((e) => (
            <li key={String(e.id)}>
              {String(e.program_id)} v{String(e.program_version)}, {String(e.method)}
              {e.pilot ? ' (pilot)' : ''}, unit {String(e.unit_id ?? '–')}, from {String(e.start)}
              <Checks checks={(e.carried_checks as Check[] | undefined) ?? []} />
            </li>
          ))}
        </ul>
        <Checks checks={(s.registration_checks as Check[] | undefined) ?? []} />
      </Section>
      <SystemCertificates id={String(s.id)} />
    </>
  );
}

const sec = (iso: string) => Date.parse(iso) / 1000;

function EnergyChart({ j, tz, onZoom }: { j: Json; tz: string; onZoom: (a: number, b: number) => void }) {
  const pts = (j.points as Json[] | undefined) ?? [];
  const { x, series } = useMemo(() => {
    const x = pts.map((p) => sec(String(p.start)));
    // Mean power of a run = its energy over its stored hours (kWh / h = kW); the peak hour's kWh is its mean kW.
    const mean = (key: string) =>
      pts.map((p) => (Number(p.hours) > 0 ? Number(p[key]) / Number(p.hours) : null));
    const series: Series[] = [
      { label: 'heat, mean', unit: 'kW', color: '#c2410c', values: mean('heat_kwh') },
      {
        label: 'heat, peak hour',
        unit: 'kW',
        color: '#c2410c',
        dash: [4, 4],
        values: pts.map((p) => (p.heat_hour ? Number(p.heat_hour.max_kwh) : null)),
      },
      { label: 'electricity, mean', unit: 'kW', color: '#1d4ed8', values: mean('elec_kwh') },
    ];
    if (pts.some((p) => Number(p.cool_kwh) > 0))
      series.push({ label: 'cooling, mean', unit: 'kW', color: '#0e7490', values: mean('cool_kwh') });
    return { x, series };
  }, [pts]);
  return <Chart title="Heat, cooling and electricity" x={x} series={series} timeZone={tz} onZoom={onZoom} />;
}

function CopChart({ j, tz, onZoom }: { j: Json; tz: string; onZoom: (a: number, b: number) => void }) {
  const ivs = (j.intervals as Json[] | undefined) ?? [];
  const { x, cop, temps } = useMemo(() => {
    const x = ivs.map((p) => sec(String(p.start)));
    const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const carnot = ivs.map((p) => {
      const a = n(p.mean_source_c);
      const b = n(p.mean_supply_c);
      return a === null || b === null ? null : carnotCop(a, b);
    });
    const cop: Series[] = [
      { label: 'COP', unit: 'W/W', color: '#15803d', values: ivs.map((p) => n(p.cop)) },
      {
        label: '% of Carnot',
        unit: '%',
        color: '#7c3aed',
        scale: 'y2',
        values: ivs.map((p) => {
          const f = fractionOfCarnot(n(p.cop), n(p.mean_source_c), n(p.mean_supply_c));
          return f === null ? null : f * 100;
        }),
      },
    ];
    const temps: Series[] = [
      {
        label: 'supply (mean, heat-weighted)',
        unit: '°C',
        color: '#b91c1c',
        values: ivs.map((p) => n(p.mean_supply_c)),
      },
      { label: 'source (mean)', unit: '°C', color: '#0369a1', values: ivs.map((p) => n(p.mean_source_c)) },
      { label: 'Carnot COP', unit: 'W/W', color: '#6b7280', scale: 'y2', dash: [3, 3], values: carnot },
    ];
    return { x, cop, temps };
  }, [ivs]);
  return (
    <>
      <Chart
        title={`COP and its fraction of Carnot, by ${String(j.interval)}`}
        x={x}
        series={cop}
        timeZone={tz}
        onZoom={onZoom}
        height={200}
      />
      <Chart
        title={`Temperatures, by ${String(j.interval)}`}
        x={x}
        series={temps}
        timeZone={tz}
        onZoom={onZoom}
        height={200}
      />
    </>
  );
}

/** Minutes per point so that a chart of `pixels` has no more points than pixels. */
const minutesPer = (j: Json, pixels: number) =>
  Math.max(1, Math.ceil(((j.minutes as Json[] | undefined) ?? []).length / Math.max(1, pixels)));

/** The mean of the numbers among `vs` (null when there is none). */
function meanOf(vs: readonly (number | null)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of vs)
    if (v !== null) {
      sum += v;
      n++;
    }
  return n ? sum / n : null;
}

/**
 * A span minute by minute (GET .../minutes): mean kW of each minute, its COP and mean temperatures. With more
 * minutes than `pixels`, runs of `per` whole minutes: the run's mean kW (its Wh over its minutes with data),
 * the highest minute's kW beside it (so a one-minute peak shows), COP as the run's heat over its electricity,
 * mean temperatures.
 */
function MinuteCharts({ j, tz, pixels }: { j: Json; tz: string; pixels: number }) {
  // Dragging across a chart narrows the minutes shown to that part of the span (no new request: the minutes
  // are all here), down to every minute.
  const [part, setPart] = useState<[number, number] | null>(null);
  const all = (j.minutes as Json[] | undefined) ?? [];
  const mins = useMemo(
    () =>
      part
        ? all.filter((p) => {
            const t = sec(String(p.start));
            return t >= part[0] && t < part[1];
          })
        : all,
    [all, part],
  );
  const per = Math.max(1, Math.ceil(mins.length / Math.max(1, pixels)));
  const narrow = (fromS: number, toS: number) => {
    if (toS - fromS >= 60) setPart([fromS, toS]);
  };
  const { x, power, cop, temps } = useMemo(() => {
    const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const runs: Json[][] = [];
    for (let k = 0; k < mins.length; k += per) runs.push(mins.slice(k, k + per));
    const x = runs.map((r) => sec(String(r[0]?.start)));
    // Wh in a minute x 60 / 1000 = the minute's mean kW.
    const minuteKw = (p: Json, key: string) => (p[key] === null ? null : (Number(p[key]) * 60) / 1000);
    const kw = (key: string) => runs.map((r) => meanOf(r.map((p) => minuteKw(p, key))));
    const peakKw = (key: string) =>
      runs.map((r) => {
        const vs = r.map((p) => minuteKw(p, key)).filter((v): v is number => v !== null);
        return vs.length ? Math.max(...vs) : null;
      });
    const power: Series[] = [{ label: 'heat', unit: 'kW', color: '#c2410c', values: kw('heat_wh') }];
    if (per > 1)
      power.push({
        label: 'heat, peak minute',
        unit: 'kW',
        color: '#fb923c',
        dash: [3, 3],
        values: peakKw('heat_wh'),
      });
    power.push({ label: 'electricity', unit: 'kW', color: '#1d4ed8', values: kw('elec_wh') });
    if (mins.some((p) => Number(p.cool_wh) > 0))
      power.push({ label: 'cooling', unit: 'kW', color: '#0e7490', values: kw('cool_wh') });
    if (mins.some((p) => Number(p.defrost_wh) > 0))
      power.push({ label: 'defrost', unit: 'kW', color: '#7c3aed', dash: [2, 2], values: kw('defrost_wh') });
    const runCop = (r: Json[]) => {
      if (per === 1) return n(r[0]?.cop);
      let heat = 0;
      let elec = 0;
      for (const p of r)
        if (p.heat_wh !== null && p.elec_wh !== null) {
          heat += Number(p.heat_wh);
          elec += Number(p.elec_wh);
        }
      return elec > 0 ? heat / elec : null;
    };
    const cop: Series[] = [{ label: 'COP', unit: 'W/W', color: '#15803d', values: runs.map(runCop) }];
    const temp = (key: string) => runs.map((r) => meanOf(r.map((p) => n(p[key]))));
    const temps: Series[] = [
      { label: 'supply (mean)', unit: '°C', color: '#b91c1c', values: temp('supply_c') },
      { label: 'return (mean)', unit: '°C', color: '#ea580c', values: temp('return_c') },
      { label: 'source (mean)', unit: '°C', color: '#0369a1', values: temp('source_c') },
    ];
    return { x, power, cop, temps };
  }, [mins, per]);
  const by = per === 1 ? 'by minute' : `by ${per} minutes (each run's peak minute shown)`;
  return (
    <>
      {part && (
        <p className="row">
          <span className="muted small" data-testid="minutes-part">
            {mins.length.toLocaleString('en-US')} of the span's {all.length.toLocaleString('en-US')} minutes
          </span>
          <button type="button" className="secondary" onClick={() => setPart(null)}>
            Whole span
          </button>
        </p>
      )}
      <Chart
        title={`Heat, cooling and electricity, ${by}`}
        x={x}
        series={power}
        timeZone={tz}
        onZoom={narrow}
      />
      <Chart
        title={`COP, ${per === 1 ? 'by minute' : `by ${per} minutes`}`}
        x={x}
        series={cop}
        timeZone={tz}
        height={200}
        onZoom={narrow}
      />
      <Chart
        title={`Temperatures, ${per === 1 ? 'by minute' : `by ${per} minutes`}`}
        x={x}
        series={temps}
        timeZone={tz}
        height={200}
        onZoom={narrow}
      />
      <Checks
        checks={(j.checks as Check[] | undefined)?.filter((c) => c.code === 'hours-without-readings') ?? []}
      />
    </>
  );
}

function Totals({ j, days }: { j: Json; days: number }) {
  const t = (j.total ?? {}) as Json;
  const f = fractionOfCarnot(t.cop ?? null, t.mean_source_c ?? null, t.mean_supply_c ?? null);
  const ideal =
    t.mean_source_c !== null && t.mean_supply_c !== null
      ? carnotCop(Number(t.mean_source_c), Number(t.mean_supply_c))
      : null;
  return (
    <>
      <div className="stats">
        <Stat
          label="Heat delivered"
          value={<span data-testid="system-heat">{energy(t.heat_kwh)}</span>}
          hint={btuPerDay(Number(t.heat_kwh), days)}
        />
        <Stat label="Cooling" value={energy(t.cool_kwh)} />
        <Stat label="Electricity" value={energy(t.elec_kwh)} />
        <Stat
          label="COP"
          value={num(t.cop, 'W/W', 3)}
          hint={ideal ? `Carnot ${sig(ideal, 3)} W/W: ${pct(f)} of it` : undefined}
        />
        <Stat label="Coverage" value={pct(t.coverage)} />
        <Stat
          label="Meter uncertainty"
          value={t.uncertainty_pct === null ? '–' : `± ${sig(Number(t.uncertainty_pct), 3)} %`}
          hint={
            t.conservative_heat_kwh === null
              ? undefined
              : `conservative heat ${energy(t.conservative_heat_kwh)}`
          }
        />
        <Stat
          label="Supply / source"
          value={`${num(t.mean_supply_c, '°C', 3)} / ${num(t.mean_source_c, '°C', 3)}`}
        />
      </div>
      <h3>Checks</h3>
      <Checks checks={(j.checks as Check[] | undefined) ?? []} empty="No checks in this range." />
    </>
  );
}

function Coverage({ s }: { s: Json }) {
  const rows = ((s.meters as Json[] | undefined) ?? []).flatMap((m) =>
    ((m.coverage_by_month as Json[] | undefined) ?? []).map((c) => ({ meter: m, c })),
  );
  return (
    <Section title="Coverage by month" id="coverage">
      <div className="table-wrap" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Meter</th>
              <th scope="col">Coverage</th>
              <th scope="col" className="num">
                Hours with data
              </th>
              <th scope="col" className="num">
                Heat
              </th>
              <th scope="col" className="num">
                Electricity
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ meter, c }) => (
              <tr key={`${String(meter.id)}-${String(c.month)}`}>
                <td>{String(c.month)}</td>
                <td>{String(meter.serial ?? meter.kind)}</td>
                <td>
                  <div className={`bar ${Number(c.coverage) < 0.9 ? 'low' : ''}`} aria-hidden="true">
                    <span style={{ width: `${Math.min(100, Number(c.coverage) * 100)}%` }} />
                  </div>
                  {pct(Number(c.coverage))}
                </td>
                <td className="num">
                  {count(Number(c.coverage_h))} of {count(Number(c.hours))} h
                </td>
                <td className="num">{energy(Number(c.heat_wh) / 1000)}</td>
                <td className="num">{energy(Number(c.elec_wh) / 1000)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function SystemCertificates({ id }: { id: string }) {
  const b = useLoad((signal) => batchesWithIssuance(signal), [id]);
  const mine = (b.data ?? []).filter((x) => x.issuance_record?.system === id);
  return (
    <Section title="Certificates from this system" id="system-certs">
      {b.loading && <Loading what="the certificates" />}
      {b.error && !missingRoute(b.error) && <ErrorBox error={b.error} what="the certificates" />}
      {b.data && mine.length === 0 && <p className="muted">None issued yet.</p>}
      {mine.length > 0 && (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Serials</th>
                <th scope="col">Period</th>
                <th scope="col" className="num">
                  Quantity
                </th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Energy of the issuance
                </th>
              </tr>
            </thead>
            <tbody>
              {mine.map((x) => (
                <tr key={String(x.id)}>
                  <td className="serial">
                    {String(x.serial_first)} – {String(x.serial_last).split('/').pop()}
                  </td>
                  <td>{String(x.vintage)}</td>
                  <td className="num">{count(Number(x.quantity), String(x.unit))}</td>
                  <td>{String(x.status)}</td>
                  <td className="num">{energy(Number(x.issuance_record?.energy_wh) / 1000)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="small">
        <Link href="/certificates">All certificates and the ledger</Link>
      </p>
    </Section>
  );
}
