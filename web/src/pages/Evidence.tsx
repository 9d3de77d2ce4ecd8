// Evidence report (issue 12): a printable page per system for a program designer's filing: metered output by
// month, COP against Carnot, meter uncertainty, the ground-source formula's figure for the same hours beside
// the metered one (POST /v1/calc), and the checks. The browser's print to PDF is the PDF.
import { get, paths, post, query, type Json } from '../api.ts';
import { showSystem } from '../data.ts';
import { useQueryState } from '../fields.tsx';
import { btuPerDay, count, dayIn, energy, monthOf, mwh, num, pct, sig, techLabel } from '../format.ts';
import { carnotCop, fractionOfCarnot, proRata } from '../physics.ts';
import { Link } from '../router.tsx';
import { Checks, ErrorBox, Loading, Section, useLoad, useTitle, type Check } from '../ui.tsx';

const DAY_MS = 86_400_000;

export default function Evidence({ params }: { params: string[] }) {
  const id = params[0] ?? '';
  const sys = useLoad((signal) => showSystem(id, signal), [id]);
  useTitle(sys.data ? `Evidence: ${String(sys.data.name)}` : 'Evidence report');
  if (sys.loading && !sys.data) return <Loading what="the system" />;
  if (sys.error) return <ErrorBox error={sys.error} what="the system" />;
  if (!sys.data) return null;
  return <Report s={sys.data} />;
}

function Report({ s }: { s: Json }) {
  const tz = String(s.site?.tz ?? 'UTC');
  const [values] = useQueryState();
  let first = Infinity;
  let last = -Infinity;
  for (const m of (s.meters as Json[] | undefined) ?? [])
    for (const u of (m.uploads as Json[] | undefined) ?? []) {
      first = Math.min(first, Date.parse(String(u.from)));
      last = Math.max(last, Date.parse(String(u.to)));
    }
  const has = Number.isFinite(first);
  const from = values.from ?? (has ? dayIn(first, tz) : '');
  const to = values.to ?? (has ? dayIn(last + DAY_MS - 1, tz) : '');
  const data = useLoad(
    (signal) =>
      has
        ? get(`${paths.systemData(String(s.id))}${query({ from, to, interval: 'month' })}`, signal)
        : Promise.resolve(undefined),
    [s.id, from, to, has],
  );
  const hours = data.data
    ? (Date.parse(String(data.data.to)) - Date.parse(String(data.data.from))) / 3_600_000
    : undefined;
  const formula = useLoad(
    () =>
      hours === undefined
        ? Promise.resolve(undefined)
        : post(paths.calc, {
            method: 'grec-formula',
            tons: Number(s.rated_capacity_tons),
            cop: Number(s.rated_cop),
          }),
    [hours, s.id],
  );
  const t = (data.data?.total ?? {}) as Json;
  const formulaMwh = proRata(Number(formula.data?.mwh), hours ?? 0);
  const ideal =
    t.mean_source_c != null && t.mean_supply_c != null
      ? carnotCop(Number(t.mean_source_c), Number(t.mean_supply_c))
      : null;
  return (
    <article className="evidence">
      <div className="row no-print" style={{ justifyContent: 'space-between' }}>
        <Link href={`/systems/${String(s.id)}`}>Back to the system</Link>
        <button type="button" onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </div>
      <h1>Evidence report: {String(s.name)}</h1>
      <p>
        {techLabel[String(s.technology)] ?? String(s.technology)} heat pump, rated{' '}
        {num(Number(s.rated_capacity_w) / 1000, 'kW')} ({num(Number(s.rated_capacity_tons), 'tons')}) at COP{' '}
        {sig(Number(s.rated_cop))}; {String(s.site?.name)}, {String(s.site?.state)}. Metered from{' '}
        {from || '–'} to {to || '–'} (end exclusive, {tz}). System id <code>{String(s.id)}</code>.
      </p>
      {!has && (
        <p className="error">This system has no metered data: there is no metered evidence to report.</p>
      )}
      {data.loading && <Loading what="the metered data" />}
      {data.error && <ErrorBox error={data.error} what="the metered data" />}
      {data.data && (
        <>
          <Section title="Metered output" id="ev-output">
            <table>
              <tbody>
                <tr>
                  <th scope="row">Heat delivered</th>
                  <td className="num" data-testid="evidence-heat">
                    {energy(t.heat_kwh)}
                  </td>
                  <td className="small muted">{btuPerDay(Number(t.heat_kwh), (hours ?? 24) / 24)}</td>
                </tr>
                <tr>
                  <th scope="row">Electricity used</th>
                  <td className="num">{energy(t.elec_kwh)}</td>
                  <td />
                </tr>
                <tr>
                  <th scope="row">Net renewable heat (heat − electricity)</th>
                  <td className="num">{energy(t.net_renewable_kwh)}</td>
                  <td />
                </tr>
                <tr>
                  <th scope="row">Meter uncertainty (EN 1434 class bound, docs/methods.md)</th>
                  <td className="num">
                    {t.uncertainty_pct == null ? '–' : `± ${sig(Number(t.uncertainty_pct), 3)} %`}
                  </td>
                  <td className="small muted">conservative heat {energy(t.conservative_heat_kwh)}</td>
                </tr>
                <tr>
                  <th scope="row">Coverage (hours with data)</th>
                  <td className="num">{pct(t.coverage)}</td>
                  <td />
                </tr>
              </tbody>
            </table>
          </Section>
          <Section title="COP against Carnot" id="ev-carnot">
            <p>
              Seasonal COP {num(t.cop, 'W/W', 3)} between a mean source of {num(t.mean_source_c, '°C', 3)} and
              a mean supply of {num(t.mean_supply_c, '°C', 3)}: the ideal (Carnot) COP there is{' '}
              {ideal === null ? '–' : `${sig(ideal, 3)} W/W`}, so the machine reaches{' '}
              {pct(fractionOfCarnot(t.cop ?? null, t.mean_source_c ?? null, t.mean_supply_c ?? null))} of it
              (real heat pumps reach about 40–60 %).
            </p>
            <div className="table-wrap" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <th scope="col" className="num">
                      Heat
                    </th>
                    <th scope="col" className="num">
                      Electricity
                    </th>
                    <th scope="col" className="num">
                      COP
                    </th>
                    <th scope="col" className="num">
                      Carnot COP
                    </th>
                    <th scope="col" className="num">
                      % of Carnot
                    </th>
                    <th scope="col" className="num">
                      Uncertainty
                    </th>
                    <th scope="col" className="num">
                      Coverage
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {((data.data.intervals as Json[] | undefined) ?? []).map((m) => {
                    const c =
                      m.mean_source_c != null && m.mean_supply_c != null
                        ? carnotCop(Number(m.mean_source_c), Number(m.mean_supply_c))
                        : null;
                    return (
                      <tr key={String(m.start)}>
                        <td>{monthOf(String(m.start), tz)}</td>
                        <td className="num">{energy(m.heat_kwh)}</td>
                        <td className="num">{energy(m.elec_kwh)}</td>
                        <td className="num">{num(m.cop, 'W/W', 3)}</td>
                        <td className="num">{c === null ? '–' : `${sig(c, 3)} W/W`}</td>
                        <td className="num">
                          {pct(
                            fractionOfCarnot(m.cop ?? null, m.mean_source_c ?? null, m.mean_supply_c ?? null),
                          )}
                        </td>
                        <td className="num">
                          {m.uncertainty_pct == null ? '–' : `± ${sig(Number(m.uncertainty_pct), 3)} %`}
                        </td>
                        <td className="num">{pct(m.coverage)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </Section>
          <Section title="The formula’s figure beside the metered one" id="ev-formula">
            {formula.loading && <Loading what="the formula" />}
            {formula.error && <ErrorBox error={formula.error} what="the formula" />}
            {formula.data && (
              <>
                {/* the formula's figure pro-rated to the metered hours */}
                <table>
                  <tbody>
                    <tr>
                      <th scope="row">
                        GREC formula, a year ({sig(Number(s.rated_capacity_tons))} tons, COP{' '}
                        {sig(Number(s.rated_cop))}, 8,760 h)
                      </th>
                      <td className="num">{mwh(formula.data.mwh as number)}</td>
                    </tr>
                    <tr>
                      <th scope="row">
                        GREC formula for the same {count(hours ?? 0)} h (the year’s figure ×{' '}
                        {count(hours ?? 0)} / 8,760, as issuance counts a period)
                      </th>
                      <td className="num" data-testid="evidence-formula">
                        {mwh(formulaMwh)}
                      </td>
                    </tr>
                    <tr>
                      <th scope="row">Metered heat</th>
                      <td className="num">{energy(t.heat_kwh)}</td>
                    </tr>
                    <tr>
                      <th scope="row">Most the rated capacity can deliver in those hours</th>
                      <td className="num">
                        {mwh(proRata(Number(formula.data.capacity_cap_mwh), hours ?? 0))}
                      </td>
                    </tr>
                    <tr>
                      <th scope="row">Formula over metered</th>
                      <td className="num">
                        {Number(t.heat_kwh) > 0
                          ? `${sig((formulaMwh * 1000) / Number(t.heat_kwh), 3)} ×`
                          : '–'}
                      </td>
                    </tr>
                  </tbody>
                </table>
                <Checks checks={(formula.data.checks as Check[] | undefined) ?? []} />
              </>
            )}
          </Section>
          <Section title="Checks on the metered data" id="ev-checks">
            <Checks
              checks={(data.data.checks as Check[] | undefined) ?? []}
              empty="No checks: every stored hour passed."
            />
            <Checks checks={(s.registration_checks as Check[] | undefined) ?? []} />
          </Section>
          <p className="small muted">
            Produced by TREC from the stored hourly energy (integer Wh) through the API on{' '}
            {new Date().toISOString().slice(0, 10)}. Methods and sources: docs/methods.md.
          </p>
        </>
      )}
    </article>
  );
}
