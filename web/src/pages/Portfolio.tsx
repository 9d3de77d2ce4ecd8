// Portfolio (issue 12): systems, MWh and certificates by period and program, held periods and data-quality alerts.
import { ApiError, type Json } from '../api.ts';
import { batchesWithIssuance, dryRun, listSystems, showSystem } from '../data.ts';
import { count, energy, pct, techLabel } from '../format.ts';
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

const COVERAGE_ALERT = 0.9; // TREC's default coverage for issuance (docs/methods.md), below which a month is flagged

export default function Portfolio() {
  useTitle('Portfolio');
  const systems = useLoad(async (signal) => {
    const list = await listSystems(signal);
    return Promise.all(list.map((s) => showSystem(String(s.id), signal)));
  }, []);
  const batches = useLoad((signal) => batchesWithIssuance(signal), []);
  const held = useLoad(() => dryRun(), []);
  return (
    <>
      <h1>Portfolio</h1>
      {systems.loading && !systems.data && <Loading what="the systems" />}
      {systems.error && <ErrorBox error={systems.error} what="the systems" />}
      {systems.data && <Systems systems={systems.data} batches={batches.data} />}
      <Section title="Certificates by period and program" id="by-period">
        {batches.loading && <Loading what="the certificates" />}
        {batches.error && !missingRoute(batches.error) && (
          <ErrorBox error={batches.error} what="the certificates" />
        )}
        {missingRoute(batches.error) && (
          <p className="muted">This server offers no certificate routes yet.</p>
        )}
        {batches.data && <ByPeriod batches={batches.data} />}
      </Section>
      <Section title="Held periods" id="held">
        {held.loading && <Loading what="the issuance dry run" />}
        {held.error instanceof ApiError && held.error.status === 403 ? (
          <p className="muted">Your role may not run issuance, so held periods are not shown.</p>
        ) : (
          held.error &&
          !missingRoute(held.error) && <ErrorBox error={held.error} what="the issuance dry run" />
        )}
        {missingRoute(held.error) && <p className="muted">This server offers no issuance route yet.</p>}
        {held.data && <Held run={held.data} />}
      </Section>
      {systems.data && <Alerts systems={systems.data} />}
    </>
  );
}

/** Heat metered per system, from the meters' months (systemShow's coverage_by_month, integer Wh). */
function meteredKwh(s: Json): number {
  let wh = 0;
  for (const m of (s.meters as Json[] | undefined) ?? [])
    for (const c of (m.coverage_by_month as Json[] | undefined) ?? []) wh += Number(c.heat_wh);
  return wh / 1000;
}

function Systems({ systems, batches }: { systems: Json[]; batches: Json[] | undefined }) {
  const certsOf = (id: string) =>
    (batches ?? [])
      .filter((b) => b.issuance_record?.system === id && b.status !== 'withdrawn')
      .reduce((n, b) => n + Number(b.quantity), 0);
  const total = systems.reduce((n, s) => n + meteredKwh(s), 0);
  const certs = (batches ?? [])
    .filter((b) => b.status !== 'withdrawn')
    .reduce((n, b) => n + Number(b.quantity), 0);
  return (
    <Section title="Systems" id="systems">
      <div className="stats">
        <Stat label="Systems" value={count(systems.length)} />
        <Stat
          label="Metered heat, all stored months"
          value={<span data-testid="portfolio-heat">{energy(total)}</span>}
        />
        <Stat label="Certificates held" value={batches ? count(certs) : '…'} />
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
                Certificates
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
                  {(s.meters as Json[] | undefined)?.length ? (
                    energy(meteredKwh(s))
                  ) : (
                    <span className="muted">no meter</span>
                  )}
                </td>
                <td className="num">{batches ? count(certsOf(String(s.id))) : '…'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function ByPeriod({ batches }: { batches: Json[] }) {
  const rows = new Map<
    string,
    {
      vintage: string;
      program: string;
      unit: string;
      active: number;
      pending: number;
      retired: number;
      withdrawn: number;
      /** Energy of the issuances behind the row (each issuance once), kWh. */
      kwh: number;
      issuances: Set<string>;
    }
  >();
  for (const b of batches) {
    const program = String(b.issuance_record?.program ?? '?');
    const key = `${String(b.vintage)}|${program}|${String(b.unit)}`;
    const r = rows.get(key) ?? {
      vintage: String(b.vintage),
      program,
      unit: String(b.unit),
      active: 0,
      pending: 0,
      retired: 0,
      withdrawn: 0,
      kwh: 0,
      issuances: new Set<string>(),
    };
    const st = String(b.status) as 'active' | 'pending' | 'retired' | 'withdrawn';
    if (st in r) r[st] += Number(b.quantity);
    const iss = String(b.issuance);
    if (!r.issuances.has(iss) && b.issuance_record) {
      r.issuances.add(iss);
      r.kwh += Number(b.issuance_record.energy_wh) / 1000;
    }
    rows.set(key, r);
  }
  const list = [...rows.values()].sort(
    (a, b) => b.vintage.localeCompare(a.vintage) || a.program.localeCompare(b.program),
  );
  if (list.length === 0) return <p className="muted">No certificates issued yet.</p>;
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
              Active
            </th>
            <th scope="col" className="num">
              Pending transfer
            </th>
            <th scope="col" className="num">
              Retired
            </th>
            <th scope="col">Unit</th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={`${r.vintage}|${r.program}|${r.unit}`}>
              <td>{r.vintage}</td>
              <td>{r.program}</td>
              <td className="num">{energy(r.kwh)}</td>
              <td className="num">{count(r.active)}</td>
              <td className="num">{count(r.pending)}</td>
              <td className="num">{count(r.retired)}</td>
              <td>certificates of 1 {r.unit}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Held({ run }: { run: Json }) {
  const held = (run.held as Json[] | undefined) ?? [];
  const ready = (run.issued as Json[] | undefined) ?? [];
  return (
    <>
      <p className="muted small">
        A dry run of issuance for {run.period ? String(run.period) : 'each program’s last ended period'}:
        nothing is changed. {ready.length} enrolment(s) would be issued now.
      </p>
      {held.length === 0 ? (
        <p>No period is held.</p>
      ) : (
        <ul>
          {held.map((h) => (
            <li key={`${String(h.enrolment)}-${String(h.period)}`}>
              <strong>{String(h.system_name)}</strong>, {String(h.period)}: {String(h.reason)}
              {h.energy_mwh !== null && (
                <span className="muted"> ({energy(Number(h.energy_mwh) * 1000)} so far)</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Alerts({ systems }: { systems: Json[] }) {
  const alerts: (Check & { system: Json })[] = [];
  for (const s of systems) {
    const add = (c: Check) => alerts.push({ ...c, system: s });
    for (const c of (s.registration_checks as Check[] | undefined) ?? []) if (c.severity !== 'info') add(c);
    for (const m of (s.meters as Json[] | undefined) ?? []) {
      for (const u of (m.uploads as Json[] | undefined) ?? [])
        for (const c of (u.checks as Check[] | undefined) ?? []) if (c.severity !== 'info') add(c);
      for (const c of (m.coverage_by_month as Json[] | undefined) ?? [])
        if (Number(c.coverage) < COVERAGE_ALERT)
          add({
            code: 'low-coverage',
            severity: 'warning',
            message: `${String(c.month)}: data for ${pct(Number(c.coverage))} of the month’s hours (TREC’s default for issuance is 90 %)`,
          });
    }
  }
  return (
    <Section title="Data-quality alerts" id="alerts">
      {alerts.length === 0 ? (
        <p>No data-quality alerts.</p>
      ) : (
        <ul className="checks">
          {alerts.map((a, i) => (
            <li key={i} className={`check ${a.severity}`}>
              <span className="badge">{a.severity}</span>{' '}
              <Link href={`/systems/${String(a.system.id)}`}>{String(a.system.name)}</Link>:{' '}
              <code>{a.code}</code> {a.message}
            </li>
          ))}
        </ul>
      )}
      <Checks checks={[]} />
    </Section>
  );
}
