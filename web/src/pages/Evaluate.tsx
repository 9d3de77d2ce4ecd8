// Formula or meter? (issue 12): POST /v1/evaluate, with the cumulative present value of metering over the
// incentive years (at the low and the high meter cost) drawn from the answer's own figures.
import { useMemo } from 'react';
import { get, paths, post, type Json } from '../api.ts';
import { Chart } from '../Chart.tsx';
import { Fields, numbers, useDebounced, useQueryState, type FieldSpec } from '../fields.tsx';
import { count, sig, usd } from '../format.ts';
import { cumulativeValue } from '../physics.ts';
import { Checks, ErrorBox, Loading, Section, Stat, useLoad, useTitle, type Check } from '../ui.tsx';

const NUMBERS = [
  'tons',
  'cop',
  'formulaMwh',
  'meteredMwh',
  'certificatePrice',
  'meterCostLow',
  'meterCostHigh',
  'upkeep',
  'discountRate',
  'years',
  'multiplier',
  'capacityKw',
];

export default function Evaluate() {
  useTitle('Formula or meter?');
  const [values, set] = useQueryState();
  const programs = useLoad(async (signal) => {
    const j = await get(paths.programs, signal);
    return (Array.isArray(j) ? j : ((j.programs as Json[] | undefined) ?? [])) as Json[];
  }, []);
  const specs: FieldSpec[] = [
    {
      name: 'program',
      label: 'Program',
      choices: [
        { value: '', label: 'none (1 certificate = 1 MWh)' },
        ...(programs.data ?? []).map((p) => ({ value: String(p.id), label: String(p.name) })),
      ],
    },
    {
      name: 'type',
      label: 'System type',
      choices: [
        { value: '', label: 'default (air to water)' },
        { value: 'ground-source', label: 'ground source' },
        { value: 'air-to-water', label: 'air to water' },
        { value: 'air-to-air', label: 'air to air' },
      ],
    },
    { name: 'tons', label: 'Rated capacity', unit: 'tons', placeholder: '4' },
    { name: 'cop', label: 'Formula COP', unit: 'W/W', placeholder: '3.5' },
    { name: 'meteredMwh', label: 'Expected metered output', unit: 'MWh/year', placeholder: '40' },
    { name: 'certificatePrice', label: 'Certificate price', unit: 'USD, default 20' },
    { name: 'meterCostLow', label: 'Meter cost, low', unit: 'USD, default 500' },
    { name: 'meterCostHigh', label: 'Meter cost, high', unit: 'USD, default 1,500' },
    { name: 'upkeep', label: 'Meter upkeep', unit: 'USD/year, default 100' },
    { name: 'discountRate', label: 'Discount rate', unit: '1/year, default 0.05' },
    { name: 'years', label: 'Incentive period', unit: 'years, default 10' },
  ];
  const input = useDebounced(
    JSON.stringify({ program: values.program, type: values.type, ...numbers(values, NUMBERS) }),
    300,
  );
  const result = useLoad(async () => {
    const body = JSON.parse(input) as Json;
    for (const k of ['program', 'type']) if (!body[k]) delete body[k];
    if (body.meteredMwh === undefined) return undefined;
    return post(paths.evaluate, body);
  }, [input]);
  return (
    <>
      <h1>Formula or meter?</h1>
      <p className="muted">
        Certificates a year under the prescriptive formula against the expected metered output, priced over
        the incentive period: the present value of metering at a low and a high meter cost, the break-even
        figures and a plain recommendation with every assumption and its source.
      </p>
      <Section title="Inputs" id="eval-inputs">
        <Fields specs={specs} values={values} set={set} />
      </Section>
      {result.loading && <Loading what="the evaluation" />}
      {result.error && <ErrorBox error={result.error} what="the evaluation" />}
      {!result.loading && !result.error && !result.data && (
        <p className="muted">Give the expected metered output (MWh a year).</p>
      )}
      {result.data && <EvalResult r={result.data} />}
    </>
  );
}

function EvalResult({ r }: { r: Json }) {
  const assumption = (name: string) =>
    Number(((r.assumptions as Json[]).find((a) => a.name === name) ?? {}).value);
  const price = assumption('certificate price');
  const upkeep = assumption('meter upkeep');
  const rate = assumption('discount rate');
  const years = assumption('incentive period');
  const extra = Number(r.extra_certificates_per_year) * price;
  const { x, series } = useMemo(() => {
    const low = cumulativeValue(extra, upkeep, Number(r.low?.meter_cost_usd), rate, years);
    const high = cumulativeValue(extra, upkeep, Number(r.high?.meter_cost_usd), rate, years);
    return {
      x: low.map((_, i) => i),
      series: [
        {
          label: `meter at ${usd(Number(r.low?.meter_cost_usd))}`,
          unit: 'USD',
          color: '#15803d',
          values: low,
        },
        {
          label: `meter at ${usd(Number(r.high?.meter_cost_usd))}`,
          unit: 'USD',
          color: '#b91c1c',
          values: high,
        },
      ],
    };
  }, [extra, upkeep, rate, years, r]);
  return (
    <Section title="Answer" id="eval-result">
      <p className="big" style={{ fontSize: '1.4rem' }} data-testid="verdict">
        {String(r.recommendation)}
      </p>
      <div className="stats">
        <Stat
          label="Formula"
          value={
            r.formula_certificates_per_year === null
              ? 'not accepted'
              : `${sig(Number(r.formula_certificates_per_year))} certificates/year`
          }
        />
        <Stat label="Metered" value={`${sig(Number(r.metered_certificates_per_year))} certificates/year`} />
        <Stat label="Difference" value={`${sig(Number(r.extra_certificates_per_year))} certificates/year`} />
        <Stat
          label="NPV of metering"
          value={`${usd(r.low?.npv_usd)} to ${usd(r.high?.npv_usd)}`}
          hint={`over ${count(years)} years at ${sig(rate * 100, 3)} %`}
        />
        <Stat label="Break-even meter cost" value={usd(r.break_even_meter_cost_usd)} />
      </div>
      <Chart
        title="Cumulative present value of metering, by year"
        x={x}
        series={series}
        time={false}
        xLabel="year"
        height={240}
      />
      <h3>Checks</h3>
      <Checks checks={(r.checks as Check[] | undefined) ?? []} empty="No checks." />
      <h3>Assumptions and sources</h3>
      <div className="table-wrap" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Assumption</th>
              <th scope="col" className="num">
                Value
              </th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {(r.assumptions as Json[]).map((a) => (
              <tr key={String(a.name)}>
                <td>{String(a.name)}</td>
                <td className="num">
                  {typeof a.value === 'number' ? sig(a.value) : String(a.value)} {String(a.unit)}
                </td>
                <td className="small">{String(a.source)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
