import {
  BTU_PER_H_PER_TON,
  btuhToW,
  brineTemperatureC,
  carnotCopHeating,
  fluidModel,
  InputError,
  jToKwh,
  LAUNDRY_DEFAULTS,
  type HourlyWeather,
  type LaundryMinute,
} from '../core/index.ts';
import type { MeterFileOutput } from './ports.ts';
import type { App } from './use-cases.ts';

// The demo data `npm start` loads into an empty registry (issue 12; docs/demo.md): four systems of one
// organisation, two years of the laundry's simulated minutes, two deterministic meter files generated from
// typical-year weather, issuance over several quarters, a transfer to another organisation (accepted) and
// retirements. Everything goes through the use cases (app.run), as the CLI and the API would call them: no
// SQL, no shortcut. Deterministic: the same figures on every machine (ids and timestamps are the store's).

/** The demo organisation (the sign-in link acts for it) and the buyer that receives a transfer. */
export const DEMO_ORGANISATION = 'Chesapeake Thermal';
export const DEMO_BUYER = 'Harbor Utility';
/** The audit action that marks a finished demo load (a second start finds it and loads nothing). */
export const DEMO_LOADED = 'demo.loaded';

/** The quarters the demo issues, in order (each `issue` runs over every enrolment). */
export const DEMO_PERIODS = [
  '2024-Q4',
  '2025-Q1',
  '2025-Q2',
  '2025-Q3',
  '2025-Q4',
  '2026-Q1',
  '2026-Q2',
  '2026-Q3',
] as const;

/** The New Hampshire periods its independent monitor attests (2026-Q3 stays held, awaiting the monitor). */
export const DEMO_ATTESTED = ['2026-Q1', '2026-Q2'] as const;
export const DEMO_MONITOR = 'Granite State Energy Engineering (R. Ayotte, NH PE)';

/** Scratch files for the demo's meter files (written, ingested, removed): given by the composition root. */
export interface DemoFiles {
  /** A writable path for a scratch file named `name`. */
  scratch(name: string): string;
  /** Removes a scratch file (missing is fine). */
  remove(path: string): void;
}

export interface DemoOptions {
  /** Progress lines (one per step, with its time). */
  log?: (line: string) => void;
  /** The time now, ms (for step timings only; nothing stored depends on it). */
  now?: () => number;
}

export interface DemoSummary {
  /** loaded: this call loaded it; already-loaded: a finished load was found; skipped: the registry holds other data. */
  state: 'loaded' | 'already-loaded' | 'skipped';
  /** The demo organisation's id (null when skipped). */
  organisationId: string | null;
  reason: string;
  /** What was loaded (this call's figures; empty unless loaded). */
  systems: number;
  ingestedRows: number;
  batches: number;
  certificates: number;
  held: number;
  /** The laundry simulation's own heat figure for its 730 days, kWh (before the meter file and the store). */
  laundryHeatKwh: number | null;
  /** The demo's ids by role (empty unless loaded). */
  ids: Partial<Record<'organisation' | 'buyer' | 'laundry' | 'gshp' | 'ashp' | 'plant', string>>;
  ms: number;
}

// ---- the generated meter files (New Hampshire, Massachusetts)

/**
 * A heat-meter file generated from typical-year weather: a building's heating load by the degree-hour
 * method (load = UA x (balance point - outdoor air), ASHRAE Handbook Fundamentals, "Energy estimating and
 * modeling methods": the variable-base degree-day method), UA sized so the coldest hour of the weather file
 * needs `designFraction` of the rated capacity; the heat pump cycles at full capacity for the hour's share of
 * minutes (part load ratio x 60, rounded), at a fixed loop flow and a supply-return difference that carries
 * the rated capacity in water (flow x density x cp x dT, water from the fluid tables TREC's integrator uses).
 * Electricity from COP = carnotFraction x Carnot COP between condensing (supply + condenser approach) and
 * evaporating (source - evaporator approach) temperatures, with the laundry simulation's documented
 * parameters (docs/methods.md, "The laundry waste-heat simulation"). The source is the outdoor air
 * (air-source) or the ground loop's brine from the daily mean air (hplib's correlation, brineTemperatureC).
 */
export interface GeneratedMeter {
  /** Typical-year weather (hour-ending local standard time). */
  weather: HourlyWeather;
  /** First day, UTC-midnight ms of its calendar date; rows in local standard time at `utcOffsetMinutes`. */
  startDateMs: number;
  utcOffsetMinutes: number;
  days: number;
  capacityW: number;
  /** Heating balance point of the building, degC. */
  balanceC: number;
  /** Share of the rated capacity the coldest hour of the weather file needs (0..1]. */
  designFraction: number;
  returnC: number;
  flowLpm: number;
  source: 'air' | 'ground';
  /** Minutes (from the start) written as no rows at all: a logger outage. */
  outages?: readonly { fromMinute: number; minutes: number }[];
}

const MS_PER_DAY = 86_400_000;
const WATER = fluidModel({ kind: 'water', massFraction: 0 });

/** The loop's supply - return difference, K, that carries `capacityW` at `flowLpm` (mean-temperature cp). */
export function carriedDeltaK(capacityW: number, flowLpm: number, returnC: number): number {
  const m3s = flowLpm / 60_000;
  let dt = 5;
  // cp at the mean of supply and return; density at the return (the flow sensor's place in the demo meters)
  for (let k = 0; k < 4; k++)
    dt = capacityW / (m3s * WATER.densityKgM3(returnC) * WATER.cpJKgK(returnC + dt / 2));
  return dt;
}

/** Outdoor dry-bulb of each local standard hour of the typical year, by `month * 100 + day` (Feb 29: Feb 28's). */
function hourlyAir(weather: HourlyWeather): Map<number, number[]> {
  const byDay = new Map<number, number[]>();
  for (const h of weather.hours) {
    const key = h.month * 100 + h.day;
    const list = byDay.get(key) ?? new Array<number>(24).fill(NaN);
    list[h.hour - 1] = h.dryBulbC; // hour ending 1..24 -> the hour starting 0..23
    byDay.set(key, list);
  }
  return byDay;
}

/** The minute rows of a generated meter file, in order (outage minutes left out). */
export function* generatedMeterRows(g: GeneratedMeter): Generator<LaundryMinute> {
  const air = hourlyAir(g.weather);
  let coldestC = Infinity;
  for (const h of g.weather.hours) coldestC = Math.min(coldestC, h.dryBulbC);
  if (!(g.balanceC > coldestC))
    throw new InputError('the balance point must be above the coldest hour of the weather file', {
      path: ['balanceC'],
      value: g.balanceC,
    });
  const uaWPerK = (g.designFraction * g.capacityW) / (g.balanceC - coldestC);
  const deltaK = carriedDeltaK(g.capacityW, g.flowLpm, g.returnC);
  const supplyC = g.returnC + deltaK;
  const { carnotFraction, condenserApproachK, evaporatorApproachK } = LAUNDRY_DEFAULTS;
  const outages = g.outages ?? [];
  for (let day = 0; day < g.days; day++) {
    const date = new Date(g.startDateMs + day * MS_PER_DAY);
    const month = date.getUTCMonth() + 1;
    const dom = month === 2 && date.getUTCDate() === 29 ? 28 : date.getUTCDate();
    const temps = air.get(month * 100 + dom);
    if (!temps || temps.some((t) => !Number.isFinite(t)))
      throw new Error(`the weather file ${g.weather.source} has no full day ${month}-${dom}`);
    const dailyMeanC = temps.reduce((s, t) => s + t, 0) / 24;
    for (let hour = 0; hour < 24; hour++) {
      const outdoorC = temps[hour] ?? NaN;
      const loadW = Math.max(0, uaWPerK * (g.balanceC - outdoorC));
      const onMinutes = Math.round(Math.min(1, loadW / g.capacityW) * 60);
      const sourceC = g.source === 'air' ? outdoorC : brineTemperatureC(dailyMeanC);
      const cop =
        carnotFraction.value *
        carnotCopHeating(supplyC + condenserApproachK.value, sourceC - evaporatorApproachK.value);
      const elecKw = g.capacityW / cop / 1000;
      for (let m = 0; m < 60; m++) {
        const minute = day * 1440 + hour * 60 + m;
        if (outages.some((o) => minute >= o.fromMinute && minute < o.fromMinute + o.minutes)) continue;
        const on = m < onMinutes;
        yield {
          minute,
          flowLpm: on ? g.flowLpm : 0,
          supplyC: on ? supplyC : g.returnC,
          returnC: g.returnC,
          sourceC,
          elecKw: on ? elecKw : 0,
        };
      }
    }
  }
}

/** Writes a generated meter file through the meter-file output port; returns its rows. */
export function writeGeneratedMeter(output: MeterFileOutput, path: string, g: GeneratedMeter): number {
  const sink = output.create(path, g.startDateMs, g.utcOffsetMinutes);
  try {
    for (const row of generatedMeterRows(g)) sink.add(row);
  } finally {
    sink.close();
  }
  return sink.rows;
}

const dateMs = (text: string) => Date.parse(`${text}T00:00:00Z`);

/** New Hampshire: a 100-ton (1,200,000 BTU/h) ground-source plant, 2026-01-01 to 2026-09-30, Concord TMY3. */
export const NH_CAPACITY_BTUH = 1_200_000;
export const nhMeter = (weather: HourlyWeather): GeneratedMeter => ({
  weather,
  startDateMs: dateMs('2026-01-01'),
  utcOffsetMinutes: -300,
  days: 273,
  capacityW: btuhToW(NH_CAPACITY_BTUH),
  balanceC: 15.5,
  designFraction: 0.95,
  returnC: 39,
  flowLpm: 840,
  source: 'ground',
  // A logger outage of 30 h from 2026-05-12 06:00 (a data-quality finding on the dashboard).
  outages: [
    { fromMinute: ((dateMs('2026-05-12') - dateMs('2026-01-01')) / MS_PER_DAY) * 1440 + 360, minutes: 1800 },
  ],
});

/**
 * Massachusetts: a 15-ton (180,000 BTU/h) air-to-water heat pump, 2025-10-01 to 2026-09-30, Boston TMY3.
 * Intermediate under the APS (above 134,000 BTU/h), whose multiplier is 3 for every such unit: a small one
 * has two multipliers by a condition an enrolment cannot state yet, and is held.
 */
export const MA_CAPACITY_TONS = 15;
export const maMeter = (weather: HourlyWeather): GeneratedMeter => ({
  weather,
  startDateMs: dateMs('2025-10-01'),
  utcOffsetMinutes: -300,
  days: 365,
  capacityW: btuhToW(MA_CAPACITY_TONS * BTU_PER_H_PER_TON),
  balanceC: 15.5,
  designFraction: 0.95,
  returnC: 35,
  flowLpm: 150,
  source: 'air',
});

// ---- the load

/** The id of a result that has one (each create use case returns its record). */
const idOf = (record: { id: string }) => record.id;

/**
 * Loads the demo into the registry `app` opens, unless it is there already (the DEMO_LOADED audit entry) or
 * the registry holds other organisations (then nothing is loaded: the demo never mixes into real data).
 * Ends with the DEMO_LOADED entry, so an interrupted load is found (the demo organisation without it) and
 * named instead of being loaded twice.
 */
export async function loadDemo(app: App, files: DemoFiles, options: DemoOptions = {}): Promise<DemoSummary> {
  const now = options.now ?? (() => 0);
  const log = options.log ?? (() => {});
  const t0 = now();
  let tStep = t0;
  const step = (what: string) => {
    const t = now();
    log(`demo: ${what} (${Math.round(t - tStep)} ms)`);
    tStep = t;
  };
  const summary: DemoSummary = {
    state: 'loaded',
    organisationId: null,
    reason: '',
    systems: 0,
    ingestedRows: 0,
    batches: 0,
    certificates: 0,
    held: 0,
    laundryHeatKwh: null,
    ids: {},
    ms: 0,
  };
  const access = app.ports.registry;
  if (!access) throw new Error('the demo needs a registry (src/main.ts passes one)');
  const registry = await access.open(undefined);
  const organisations = (await app.run('organisations', {})).result.organisations;
  const existing = organisations.find((o) => o.name === DEMO_ORGANISATION);
  if (existing) {
    const loaded = (await registry.listAudit({ entityId: existing.id })).some(
      (e) => e.action === DEMO_LOADED,
    );
    return {
      ...summary,
      state: loaded ? 'already-loaded' : 'skipped',
      organisationId: existing.id,
      reason: loaded
        ? `the demo is loaded already (organisation ${existing.id}, ${DEMO_ORGANISATION})`
        : `an earlier demo load did not finish (organisation ${existing.id} has no ${DEMO_LOADED} entry): remove the database to load it again`,
      ms: now() - t0,
    };
  }
  if (organisations.length > 0)
    return {
      ...summary,
      state: 'skipped',
      reason: `the registry holds ${organisations.length} other organisation(s): the demo is loaded only into an empty registry`,
      ms: now() - t0,
    };

  // Organisations and sites
  const org = (await app.run('orgAdd', { name: DEMO_ORGANISATION })).result.organisation;
  const buyer = (await app.run('orgAdd', { name: DEMO_BUYER })).result.organisation;
  summary.organisationId = org.id;
  const site = async (name: string, state: string, tz: string, address: string) =>
    idOf((await app.run('siteAdd', { org: org.id, name, state, tz, address })).result.site);
  const laundrySite = await site('Laundry, Brooklyn', 'NY', 'America/New_York', 'Brooklyn, NY');
  const mdSite = await site('Annapolis house', 'MD', 'America/New_York', 'Annapolis, MD');
  const maSite = await site('Worcester apartments', 'MA', 'America/New_York', 'Worcester, MA');
  const nhSite = await site('Concord office campus', 'NH', 'America/New_York', 'Concord, NH');

  // 1. The laundry's air-to-water heat pump: the simulated 22 kW unit (LAUNDRY_DEFAULTS), two years of minutes.
  const laundry = idOf(
    (
      await app.run('systemAdd', {
        site: laundrySite,
        name: 'Laundry AWHP',
        technology: 'air-to-water',
        capacityKw: 22,
        cop: 4.2,
        commissioned: '2024-09-15',
      })
    ).result.system,
  );
  const laundryMeter = idOf(
    (
      await app.run('meterAdd', {
        system: laundry,
        kind: 'heat',
        fluid: 'water',
        flowSensor: 'return',
        meterClass: 2,
        qpM3h: 3.5,
        dtMinK: 3,
        serial: 'DEMO-LAUNDRY-HM-1',
      })
    ).result.meter,
  );
  await app.run('enrol', {
    system: laundry,
    program: 'proposed-air-to-water-trec',
    unitId: 'TREC-PILOT-LAUNDRY-1',
    start: '2024-10-01',
    pilot: true,
  });

  // 2. A 4-ton Maryland ground-source system on the published GREC formula.
  const gshp = idOf(
    (
      await app.run('systemAdd', {
        site: mdSite,
        name: 'GSHP-1',
        technology: 'ground-source',
        tons: 4,
        cop: 3.5,
        ahriRef: '205012345',
        ahriTons: 4,
        ahriCop: 3.5,
        commissioned: '2024-05-01',
      })
    ).result.system,
  );
  await app.run('enrol', {
    system: gshp,
    program: 'md-geothermal',
    method: 'grec-formula',
    unitId: 'NON12345',
    start: '2025-01-01',
  });

  // 3. A Massachusetts air-source (air-to-water) heat pump, metered, net of its electricity.
  const ashp = idOf(
    (
      await app.run('systemAdd', {
        site: maSite,
        name: 'ASHP Worcester',
        technology: 'air-to-water',
        tons: MA_CAPACITY_TONS,
        cop: 3,
        commissioned: '2025-09-15',
      })
    ).result.system,
  );
  const maMeterId = idOf(
    (
      await app.run('meterAdd', {
        system: ashp,
        kind: 'heat',
        fluid: 'water',
        flowSensor: 'return',
        meterClass: 2,
        qpM3h: 10,
        dtMinK: 3,
        serial: 'DEMO-MA-HM-1',
      })
    ).result.meter,
  );
  await app.run('enrol', {
    system: ashp,
    program: 'ma-aps-air-source',
    method: 'metered',
    unitId: 'MA-AEC-DEMO-1',
    start: '2025-10-01',
  });

  // 4. A large New Hampshire ground-source plant (above 1,000,000 BTU/h), metered, attested by a monitor.
  const plant = idOf(
    (
      await app.run('systemAdd', {
        site: nhSite,
        name: 'Concord GSHP plant',
        technology: 'ground-source',
        capacityBtuh: NH_CAPACITY_BTUH,
        cop: 3.6,
        commissioned: '2025-11-01',
      })
    ).result.system,
  );
  const nhMeterId = idOf(
    (
      await app.run('meterAdd', {
        system: plant,
        kind: 'heat',
        fluid: 'water',
        flowSensor: 'return',
        meterClass: 2,
        qpM3h: 60,
        dtMinK: 3,
        serial: 'DEMO-NH-HM-1',
      })
    ).result.meter,
  );
  const nhEnrolment = idOf(
    (
      await app.run('enrol', {
        system: plant,
        program: 'nh-class-i-thermal',
        unitId: 'NON60123',
        start: '2026-01-01',
      })
    ).result.enrolment,
  );
  summary.systems = 4;
  summary.ids = { organisation: org.id, buyer: buyer.id, laundry, gshp, ashp, plant };
  step('organisations, sites, systems, meters and enrolments registered');

  // Meter files: written to scratch files, ingested as uploads (hourly Wh in the store), removed.
  const ingest = async (path: string, meter: string) => {
    try {
      const r = (await app.run('ingest', { files: [path], meter })).result;
      summary.ingestedRows += r.upload.rowCount;
    } finally {
      files.remove(path);
    }
  };
  const laundryFile = files.scratch('demo-laundry-730d.csv');
  const simulated = await app.run('simulate', {
    days: 730,
    out: laundryFile,
    start: '2024-10-01',
    utcOffset: '-05:00',
  });
  summary.laundryHeatKwh = jToKwh(simulated.result.summary.heatJ);
  step('laundry: 730 days of 1-minute data simulated');
  await ingest(laundryFile, laundryMeter);
  step('laundry: ingested');
  const maFile = files.scratch('demo-ma-365d.csv');
  writeGeneratedMeter(app.ports.meterOutput, maFile, maMeter(app.ports.weather.site('boston')));
  await ingest(maFile, maMeterId);
  const nhFile = files.scratch('demo-nh-273d.csv');
  writeGeneratedMeter(app.ports.meterOutput, nhFile, nhMeter(app.ports.weather.site('concord')));
  await ingest(nhFile, nhMeterId);
  step('Massachusetts and New Hampshire meter files generated and ingested');

  // The monitor's attestations, then every quarter in order.
  for (const period of DEMO_ATTESTED)
    await app.run('attest', {
      enrolment: nhEnrolment,
      period,
      by: DEMO_MONITOR,
      note: 'site visit and meter data review',
    });
  const batchOf = new Map<string, string>(); // `${system}/${period}` -> batch
  for (const period of DEMO_PERIODS) {
    const r = (await app.run('issue', { period })).result;
    for (const line of r.issued)
      if (line.batchId) {
        batchOf.set(`${line.system.id}/${period}`, line.batchId);
        summary.batches++;
        summary.certificates += line.certificates;
      }
    summary.held += r.held.length;
  }
  step(`issued ${DEMO_PERIODS[0]} to ${DEMO_PERIODS.at(-1) ?? ''}`);

  // The ledger: part of a laundry batch sold to the buyer (another organisation: it accepts), the buyer
  // retires some of it for its customers; the demo organisation retires part of a Maryland batch.
  const batch = (system: string, period: string) => {
    const id = batchOf.get(`${system}/${period}`);
    if (!id) throw new Error(`the demo issued no batch for ${system} in ${period}`);
    return id;
  };
  const sent = (
    await app.run('transfer', { batch: batch(laundry, '2025-Q1'), to: buyer.defaultAccountId, quantity: 10 })
  ).result;
  if (!sent.transfer) throw new Error('the transfer to the buyer did not wait for its acceptance');
  const accepted = (await app.run('transferDecide', { transfer: sent.transfer.id, decision: 'accept' }))
    .result;
  await app.run('retire', {
    batch: accepted.batch.id,
    quantity: 4,
    beneficiary: `${DEMO_BUYER} customers`,
    reason: 'voluntary green-heat claim',
    claimPeriod: '2025-Q1',
  });
  await app.run('retire', {
    batch: batch(gshp, '2025-Q1'),
    quantity: 25,
    beneficiary: `${DEMO_ORGANISATION} customers`,
    reason: 'voluntary claim',
    claimPeriod: '2025-Q1',
  });
  step('transferred 10 certificates to the buyer (accepted); retired 4 and 25');

  await registry.appendAudit({
    at: app.ports.clock?.now() ?? 0,
    actor: access.actor,
    action: DEMO_LOADED,
    entity: 'organisation',
    entityId: org.id,
    organisationId: org.id,
    detail: {
      systems: summary.systems,
      ingested_rows: summary.ingestedRows,
      batches: summary.batches,
      certificates: summary.certificates,
      held: summary.held,
    },
  });
  summary.ms = now() - t0;
  summary.reason = `loaded: ${summary.systems} systems, ${summary.ingestedRows} meter rows, ${summary.batches} batches (${summary.certificates} certificates), ${summary.held} periods held`;
  return summary;
}
