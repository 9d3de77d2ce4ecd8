// Calculator (issue 12): every prescriptive method of POST /v1/calc, the physics audit beside the number in
// plain words, program presets; the state is the URL (/calculator?method=grec-formula&tons=4&cop=3.5).
import { get, paths, post, type Json } from '../api.ts';
import { Fields, numbers, useDebounced, useQueryState, type FieldSpec } from '../fields.tsx';
import { count, mwh, num, sig } from '../format.ts';
import { Checks, ErrorBox, Loading, Section, Stat, useLoad, useTitle, type Check } from '../ui.tsx';

const METHODS = [
  { value: 'grec-formula', label: 'GREC formula (tons × 12,000 × 8,760 × COP / 3,412,000)' },
  { value: 'runtime-renewable', label: 'Runtime × capacity × (1 − 1/COP)' },
  { value: 'full-load-hours', label: 'Full-load hours × capacity × (1 − 1/COP)' },
];

const NUMBERS = [
  'tons',
  'capacityKw',
  'capacityBtuh',
  'cop',
  'multiplier',
  'hours',
  'runtimeH',
  'loadFraction',
  'fullLoadHours',
  'sourceC',
  'sinkC',
];

const is =
  (...m: string[]) =>
  (v: Record<string, string>) =>
    m.includes(v.method ?? 'grec-formula');

export default function Calculator() {
  useTitle('Calculator');
  const [values, set] = useQueryState();
  const programs = useLoad(async (signal) => {
    const j = await get(paths.programs, signal);
    return (Array.isArray(j) ? j : ((j.programs as Json[] | undefined) ?? [])) as Json[];
  }, []);
  const specs: FieldSpec[] = [
    { name: 'method', label: 'Method', choices: METHODS },
    {
      name: 'program',
      label: 'Program preset',
      choices: [
        { value: '', label: 'none (1 certificate = 1 MWh)' },
        ...(programs.data ?? []).map((p) => ({ value: String(p.id), label: `${String(p.name)}` })),
      ],
    },
    { name: 'tons', label: 'Rated capacity', unit: 'tons, 12,000 BTU/h', placeholder: '4' },
    { name: 'capacityKw', label: 'or rated capacity', unit: 'kW' },
    { name: 'cop', label: 'Heating COP', unit: 'W/W', placeholder: '3.5' },
    { name: 'multiplier', label: 'Multiplier', unit: '×, default 1 or the program’s' },
    {
      name: 'hours',
      label: 'Hours in the period',
      unit: 'h, default 8,760',
      when: is('grec-formula', 'runtime-renewable', 'full-load-hours'),
    },
    { name: 'runtimeH', label: 'Logged runtime', unit: 'h', when: is('runtime-renewable') },
    { name: 'loadFraction', label: 'Load fraction', unit: '0–1, default 1', when: is('runtime-renewable') },
    { name: 'fullLoadHours', label: 'Full-load hours', unit: 'h', when: is('full-load-hours') },
    { name: 'sourceC', label: 'Source temperature', unit: '°C, for COP vs Carnot' },
    { name: 'sinkC', label: 'Sink (supply) temperature', unit: '°C' },
  ];
  const input = useDebounced(
    JSON.stringify({ method: values.method, program: values.program, ...numbers(values, NUMBERS) }),
    250,
  );
  const result = useLoad(async () => {
    const body = JSON.parse(input) as Json;
    if (!body.method && !body.program) body.method = 'grec-formula';
    if (!body.method) delete body.method;
    if (!body.program) delete body.program;
    if (body.tons === undefined && body.capacityKw === undefined && body.capacityBtuh === undefined)
      return undefined;
    return post(paths.calc, body);
  }, [input]);
  return (
    <>
      <h1>Calculator</h1>
      <p className="muted">
        Thermal energy and certificates by a prescriptive method, with the physics audit beside the number:
        the number asked for is always shown, with what the rated capacity can deliver. The page’s address
        holds its inputs: copy it to share the result.
      </p>
      <Section title="Inputs" id="calc-inputs">
        <Fields specs={specs} values={values} set={set} />
      </Section>
      {result.loading && <Loading what="the result" />}
      {result.error && <ErrorBox error={result.error} what="the result" />}
      {!result.loading && !result.error && !result.data && (
        <p className="muted">Give a rated capacity (tons or kW) and a COP.</p>
      )}
      {result.data && <CalcResult r={result.data} />}
    </>
  );
}

function CalcResult({ r }: { r: Json }) {
  const checks = (r.checks as Check[] | undefined) ?? [];
  const capacity = checks.find((c) => c.code === 'exceeds-capacity');
  const inputs = (r.inputs ?? {}) as Json;
  return (
    <Section title="Result" id="calc-result">
      <div className="stats">
        <Stat
          label="Thermal energy"
          value={
            <span className="big" data-testid="calc-mwh">
              {mwh(r.mwh as number)}
            </span>
          }
          hint={`${sig((r.btu as number) / 1e6)} MMBtu`}
        />
        <Stat label="Credited" value={mwh(r.credited_mwh as number)} />
        <Stat
          label="Certificates"
          value={count(r.certificates as number)}
          hint={`of 1 ${String(r.certificate_unit)} each`}
        />
      </div>
      {capacity && (
        <div className="error" role="alert" data-testid="capacity-warning">
          <strong>Capacity warning:</strong> {capacity.message}
        </div>
      )}
      <h3>The physics audit</h3>
      <table>
        <tbody>
          <tr>
            <th scope="row">Rated capacity</th>
            <td className="num">{num(inputs.capacity_w / 1000, 'kW')}</td>
            <td className="num">{num(inputs.capacity_w * 3.41214163, 'BTU/h')}</td>
          </tr>
          <tr>
            <th scope="row">Most heat the capacity can deliver in {num(inputs.period_h, 'h')}</th>
            <td className="num">{mwh(r.capacity_cap_mwh as number)}</td>
            <td className="muted small">capacity × every hour of the period</td>
          </tr>
          <tr>
            <th scope="row">Of that, renewable (× (1 − 1/COP {sig(inputs.cop)}))</th>
            <td className="num">{mwh(r.renewable_cap_mwh as number)}</td>
            <td className="muted small">drawn from the ground or air; the rest is electricity</td>
          </tr>
          {r.capacity_cap_mwh > 0 && (
            <tr>
              <th scope="row">Result over the capacity limit</th>
              <td className="num">{num((r.mwh as number) / (r.capacity_cap_mwh as number), '×')}</td>
              <td className="muted small">above 1 × is more heat than the machine can make</td>
            </tr>
          )}
        </tbody>
      </table>
      <h3>Checks</h3>
      <Checks checks={checks} empty="No checks: the result is within what the capacity can deliver." />
      {(r.notes as string[] | undefined)?.length ? (
        <>
          <h3>Notes and sources</h3>
          <ul>
            {(r.notes as string[]).map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}
