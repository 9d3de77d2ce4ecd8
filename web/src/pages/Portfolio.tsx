// Portfolio (issue 12): systems, MWh and certificates by period and program, held periods and data-quality
// alerts, from ONE request per page of systems (GET /v1/portfolio, docs/api.md "The portfolio"): the page
// asks for a page of systems and nothing per system, so it scales to thousands (next and previous pages).
import { useState } from 'react';
import { getPortfolio, type Json } from '../api.ts';
import { count, energy, mwh, pct, techLabel } from '../format.ts';
import { Link, useLocation } from '../router.tsx';
import { ErrorBox, Loading, Section, Stat, useLoad, useTitle, type Check } from '../ui.tsx';

/** Systems per page of the portfolio (`?per=` in the URL: 1 to the API's 1000). */
const PAGE = 100;

export default function Portfolio() {
  useTitle('Portfolio');
  const per = Number(useLocation().search.get('per') ?? PAGE);
  const limit = Number.isInteger(per) && per >= 1 && per <= 1000 ? per : PAGE;
  // The cursors of the pages before this one (`after` of each), so that "previous" needs no other request.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors.at(-1);
  const shown = useLoad(
    (signal) => getPortfolio({ limit, ...(after === undefined ? {} : { after }) }, signal),
    [after, limit],
  );
  const p = shown.data;
  const first = (cursors.length - 1) * limit;
  return (
    <>
      <h1>Portfolio</h1>
      {shown.loading && !p && <Loading what="the portfolio" />}
      {shown.error && <ErrorBox error={shown.error} what="the portfolio" />}
      {p && (
        <>
          <Systems
            p={p}
            first={first}
            loading={shown.loading}
            onPrevious={cursors.length > 1 ? () => setCursors((c) => c.slice(0, -1)) : undefined}
            onNext={p.next_after ? () => setCursors((c) => [...c, String(p.next_after)]) : undefined}
          />
          <Section title="Certificates by period and program" id="by-period">
            <ByPeriod rows={(p.by_period as Json[] | undefined) ?? []} />
          </Section>
          <Section title="Metered energy by month" id="by-month">
            <ByMonth rows={(p.months as Json[] | undefined) ?? []} />
          </Section>
          <Section title="Held periods" id="held">
            <Held systems={(p.systems as Json[] | undefined) ?? []} />
          </Section>
          <Alerts
            systems={(p.systems as Json[] | undefined) ?? []}
            threshold={Number(p.coverage_threshold)}
          />
        </>
      )}
    </>
  );
}

function Systems({
  p,
  first,
  loading,
  onPrevious,
  onNext,
}: {
  p: Json;
  first: number;
  loading: boolean;
  onPrevious: (() => void) | undefined;
  onNext: (() => void) | undefined;
}) {
  const systems = (p.systems as Json[] | undefined) ?? [];
  const total = Number(p.totals?.systems ?? systems.length);
  return (
    <Section title="Systems" id="systems">
      <div className="stats">
        <Stat label="Systems" value={count(total)} />
        <Stat
          label="Metered heat, all stored months"
          value={<span data-testid="portfolio-heat">{mwh(Number(p.totals?.heat_mwh ?? 0))}</span>}
        />
        <Stat
          label="Certificates issued"
          value={
            <span data-testid="portfolio-certificates">
              {count(Number(p.totals?.certificates_issued ?? 0))}
            </span>
          }
        />
      </div>
      <div className="table-wrap" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">System</th>
              <th scope="col">Site</th>
              <th scope="col">Type</th>
              <th scope="col" className="num">
                Capacity
              </th>
              <th scope="col">Programs</th>
              <th scope="col" className="num">
                Metered heat
              </th>
              <th scope="col" className="num">
                Certificates issued
              </th>
            </tr>
          </thead>
          <tbody>
            {systems.map((s) => (
              <tr key={String(s.id)}>
                <td>
                  <Link href={`/systems/${String(s.id)}`}>{String(s.name)}</Link>
                </td>
                <td>
                  {String(s.site?.name ?? '')}{' '}
                  <span className="muted small">{String(s.site?.state ?? '')}</span>
                </td>
                <td>{techLabel[String(s.technology)] ?? String(s.technology)}</td>
                <td className="num">
                  {(Number(s.rated_capacity_w) / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })}{' '}
                  kW
                  <div className="muted small">
                    {Number(s.rated_capacity_tons).toLocaleString('en-US', { maximumFractionDigits: 1 })} tons
                  </div>
                </td>
                <td>
                  {((s.enrolments as Json[] | undefined) ?? []).map((e) => (
                    <div key={String(e.id)}>
                      {String(e.program_id)}{' '}
                      <span className="muted small">
                        ({String(e.method)}
                        {e.pilot ? ', pilot' : ''})
                      </span>
                    </div>
                  ))}
                </td>
                <td className="num">
                  {Number(s.meters?.heat ?? 0) + Number(s.meters?.electricity ?? 0) > 0 ? (
                    mwh(Number(s.energy?.heat_mwh ?? 0))
                  ) : (
                    <span className="muted">no meter</span>
                  )}
                </td>
                <td className="num">{count(Number(s.certificates?.issued ?? 0))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(onPrevious || onNext) && (
        <nav className="pager" aria-label="Pages of systems">
          <span className="muted small">
            Systems {count(first + 1)}–{count(first + systems.length)} of {count(total)}
            {loading ? ' (loading…)' : ''}
          </span>{' '}
          <button type="button" onClick={onPrevious} disabled={!onPrevious}>
            Previous
          </button>{' '}
          <button type="button" onClick={onNext} disabled={!onNext}>
            Next
          </button>
        </nav>
      )}
    </Section>
  );
}

function ByPeriod({ rows }: { rows: Json[] }) {
  if (rows.length === 0) return <p className="muted">No certificates issued yet.</p>;
  const statuses = 'active' in (rows[0] ?? {});
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">Program</th>
            <th scope="col" className="num">
              Energy issued
            </th>
            <th scope="col" className="num">
              Issued
            </th>
            {statuses && (
              <>
                <th scope="col" className="num">
                  Active
                </th>
                <th scope="col" className="num">
                  Pending transfer
                </th>
                <th scope="col" className="num">
                  Retired
                </th>
                <th scope="col" className="num">
                  Held by others
                </th>
              </>
            )}
            <th scope="col">Unit</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${String(r.period)}|${String(r.program)}|${String(r.unit)}`}>
              <td>{String(r.period)}</td>
              <td>{String(r.program)}</td>
              <td className="num">{mwh(Number(r.energy_mwh))}</td>
              <td className="num">{count(Number(r.certificates))}</td>
              {statuses && (
                <>
                  <td className="num">{count(Number(r.active))}</td>
                  <td className="num">{count(Number(r.pending))}</td>
                  <td className="num">{count(Number(r.retired))}</td>
                  <td className="num">{count(Number(r.held_elsewhere))}</td>
                </>
              )}
              <td>certificates of 1 {String(r.unit)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ByMonth({ rows }: { rows: Json[] }) {
  if (rows.length === 0) return <p className="muted">No metered data stored yet.</p>;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col" className="num">
              Systems with data
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
          {[...rows].reverse().map((m) => (
            <tr key={String(m.month)}>
              <td>{String(m.month)}</td>
              <td className="num">{count(Number(m.systems))}</td>
              <td className="num">{mwh(Number(m.heat_mwh))}</td>
              <td className="num">{mwh(Number(m.elec_mwh))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Held({ systems }: { systems: Json[] }) {
  const held: Json[] = systems.flatMap((s) =>
    ((s.held as Json[] | undefined) ?? []).map((h): Json => ({ ...h, s })),
  );
  return (
    <>
      <p className="muted small">
        A dry run of issuance for each program’s last ended period, over the systems on this page: nothing is
        changed.
      </p>
      {held.length === 0 ? (
        <p>No period is held.</p>
      ) : (
        <ul>
          {held.map((h) => (
            <li key={`${String(h.enrolment)}-${String(h.period)}`}>
              <Link href={`/systems/${String(h.s.id)}`}>
                <strong>{String(h.s.name)}</strong>
              </Link>
              , {String(h.period)} ({String(h.program)}): {String(h.reason)}
              {h.energy_mwh !== null && h.energy_mwh !== undefined && (
                <span className="muted"> ({energy(Number(h.energy_mwh) * 1000)} so far)</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Alerts({ systems, threshold }: { systems: Json[]; threshold: number }) {
  const alerts = systems.flatMap((s) =>
    ((s.alerts as (Check & { month?: string })[] | undefined) ?? []).map((a) => ({ ...a, s })),
  );
  return (
    <Section title="Data-quality alerts" id="alerts">
      <p className="muted small">
        Registration and upload checks, hours under an error check, and months with heat-meter data for less
        than {Number.isFinite(threshold) ? pct(threshold) : '90 %'} of their hours (TREC’s default for
        issuance).
      </p>
      {alerts.length === 0 ? (
        <p>No data-quality alerts.</p>
      ) : (
        <ul className="checks">
          {alerts.map((a, i) => (
            <li key={i} className={`check ${a.severity}`}>
              <span className="badge">{a.severity}</span>{' '}
              <Link href={`/systems/${String(a.s.id)}`}>{String(a.s.name)}</Link>: <code>{a.code}</code>{' '}
              {a.message}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
