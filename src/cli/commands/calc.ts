import {
  btuhToW,
  calculateMethod,
  describeCapacity,
  InputError,
  isMethodName,
  isOk,
  jToMwh,
  METHOD_NAMES,
  powerToW,
  tonsToW,
  type MethodInputs,
  type MethodResult,
} from '../../core/index.ts';
import { loadProgram } from '../../ingest/programs.ts';
import { checkLines, errorLead } from '../checks-output.ts';
import { emit, fmt, withOptionNames, type CommandModule } from '../context.ts';
import { helpWithRanges, ranged } from '../ranges.ts';

interface CalcOptions {
  method?: string;
  program?: string;
  tons?: number;
  capacityKw?: number;
  capacityBtuh?: number;
  cop: number;
  multiplier?: number;
  hours?: number;
  runtimeH?: number;
  loadFraction?: number;
  fullLoadHours?: number;
  sourceC?: number;
  sinkC?: number;
  json?: boolean;
}

function capacityW(o: CalcOptions): number {
  const given = [
    o.tons === undefined ? undefined : ['--tons', tonsToW(o.tons)],
    o.capacityKw === undefined ? undefined : ['--capacity-kw', powerToW(o.capacityKw, 'kW')],
    o.capacityBtuh === undefined ? undefined : ['--capacity-btuh', btuhToW(o.capacityBtuh)],
  ].filter((x): x is [string, number] => x !== undefined);
  if (given.length !== 1)
    throw new InputError(
      given.length
        ? `give the capacity once, not as ${given.map((g) => g[0]).join(' and ')}`
        : 'capacity is required',
      { field: '--tons | --capacity-kw | --capacity-btuh' },
    );
  return (given[0] as [string, number])[1];
}

/** The capacity option the user typed (for error messages). */
function capacityOption(o: CalcOptions): string {
  return o.tons !== undefined ? '--tons' : o.capacityKw !== undefined ? '--capacity-kw' : '--capacity-btuh';
}

/** Core field names -> the CLI option the user typed, so errors name the argument. */
const OPTION_OF: Record<string, string> = {
  cop: '--cop',
  multiplier: '--multiplier',
  periodH: '--hours',
  runtimeH: '--runtime-h',
  loadFraction: '--load-fraction',
  fullLoadHours: '--full-load-hours',
  sourceC: '--source-c',
  sinkC: '--sink-c',
  method: '--method',
};

function run(o: CalcOptions): MethodResult {
  const program =
    o.program === undefined
      ? undefined
      : withOptionNames({ program: '--program' }, () => loadProgram(o.program as string));
  let method = o.method;
  if (method === undefined) {
    const computable = (program?.methods.value ?? []).filter(isMethodName);
    if (computable.length !== 1)
      throw new InputError(`required (one of ${METHOD_NAMES.join(', ')})`, { field: '--method' });
    method = computable[0] as string;
  }
  const inputs: MethodInputs = { capacityW: capacityW(o), cop: o.cop };
  if (o.sourceC !== undefined && o.sinkC !== undefined && !(o.sinkC > o.sourceC))
    throw new InputError(
      `a heat pump heats a sink warmer than its source: --sink-c ${o.sinkC} must be above --source-c ${o.sourceC}`,
      { field: '--sink-c and --source-c' },
    );
  const optional = {
    multiplier: o.multiplier,
    periodH: o.hours,
    runtimeH: o.runtimeH,
    loadFraction: o.loadFraction,
    fullLoadHours: o.fullLoadHours,
    sourceC: o.sourceC,
    sinkC: o.sinkC,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(inputs, { [k]: v });
  const names = { ...OPTION_OF, capacityW: capacityOption(o) };
  return withOptionNames(names, () => calculateMethod(method, inputs, program));
}

function toJson(r: MethodResult) {
  return {
    method: r.method,
    program_id: r.programId ?? null,
    program_version: r.programVersion ?? null,
    basis: r.basis,
    inputs: {
      capacity_w: r.inputs.capacityW,
      cop: r.inputs.cop,
      multiplier: r.inputs.multiplier,
      period_h: r.inputs.periodH,
      runtime_h: r.inputs.runtimeH ?? null,
      load_fraction: r.inputs.loadFraction ?? null,
      full_load_hours: r.inputs.fullLoadHours ?? null,
    },
    energy_j: r.energyJ,
    btu: r.btu,
    mwh: r.mwh,
    btu_per_mwh: r.btuPerMwh,
    credited_mwh: r.creditedMwh,
    heat_mwh: r.heatMwh ?? null,
    capacity_cap_mwh: jToMwh(r.capJ),
    renewable_cap_mwh: jToMwh(r.renewableCapJ),
    certificates: r.certificates,
    certificate_unit: r.certificateUnit,
    remainder_j: r.remainderJ,
    ok: isOk(r.checks),
    checks: r.checks,
    notes: r.notes,
  };
}

function human(r: MethodResult): string {
  const lines = [
    ...errorLead(r.checks),
    `${r.method}${r.programId ? ` under program ${r.programId} v${r.programVersion}` : ''}`,
  ];
  const counted = r.basis === 'formula-output' ? 'Formula result' : 'Renewable portion';
  const conv = r.btuPerMwh === null ? 'exact conversion' : `${fmt(r.btuPerMwh, 0)} BTU per MWh`;
  lines.push(`  ${counted}: ${fmt(r.mwh)} MWh (${fmt(r.btu, 0)} BTU; ${conv})`);
  if (r.heatMwh !== undefined) lines.push(`  Delivered heat: ${fmt(r.heatMwh)} MWh`);
  if (r.inputs.multiplier !== 1)
    lines.push(`  x multiplier ${r.inputs.multiplier}: ${fmt(r.creditedMwh)} MWh credited`);
  lines.push(
    `  Physics cap: ${fmt(jToMwh(r.capJ))} MWh of heat at most (${describeCapacity(r.inputs.capacityW)} at full ` +
      `rated capacity for all ${fmt(r.inputs.periodH, 0)} h), of which ${fmt(jToMwh(r.renewableCapJ))} MWh renewable`,
  );
  lines.push(`  Certificates: ${r.certificates} (1 ${r.certificateUnit} each, whole certificates only)`);
  lines.push(...checkLines(r.checks).map((l) => `  ${l}`));
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

export const calcCommand: CommandModule = (program, ctx) => {
  helpWithRanges(
    program
      .command('calc')
      .summary(
        'Certificates by a prescriptive method (GREC formula, runtime, full-load hours), with the physics cap',
      )
      .description(
        [
          'Thermal energy and certificates by a prescriptive method, audited against',
          'the physics cap (rated capacity x hours in the period): the number asked',
          'for is always printed, with the cap beside it.',
          '  grec-formula       tons x 12,000 BTU/h x 8,760 h x COP / 3,412,000',
          '                     x multiplier (exactly as Emergent Energy Solutions publish it, 2022)',
          '  runtime-renewable  runtime x capacity x load fraction x (1 - 1/COP)',
          '  full-load-hours    capacity x full-load hours x (1 - 1/COP)',
          'With --program ID the program file supplies its BTU/MWh constant,',
          'multiplier (by size class), full-load hours and certificate unit',
          '(see `trec programs`). Sources and weaknesses: docs/methods.md.',
        ].join('\n'),
      )
      .option('--method <name>', `one of ${METHOD_NAMES.join(', ')} (default: the program's only one)`)
      .option('--program <id>', 'apply a program rule file (programs/<id>.json)')
      .option('--tons <n>', 'rated heating capacity, tons of refrigeration (12,000 BTU/h)', ranged('--tons'))
      .option('--capacity-kw <n>', 'rated heating capacity, kW', ranged('--capacity-kw'))
      .option('--capacity-btuh <n>', 'rated heating capacity, BTU/h', ranged('--capacity-btuh'))
      .requiredOption('--cop <n>', 'heating COP (W/W), greater than 1', ranged('--cop'))
      .option(
        '--multiplier <n>',
        'fuel-displacement or program multiplier (default 1 or the program)',
        ranged('--multiplier'),
      )
      .option(
        '--hours <n>',
        'hours in the period (default 8,760; the GREC formula is always annual)',
        ranged('--hours'),
      )
      .option('--runtime-h <n>', 'runtime-renewable: logged runtime in the period, h', ranged('--runtime-h'))
      .option(
        '--load-fraction <f>',
        'runtime-renewable: part-load capacity / rated, 0-1 (default 1)',
        ranged('--load-fraction'),
      )
      .option(
        '--full-load-hours <n>',
        'full-load-hours: equivalent full-load hours in the period',
        ranged('--full-load-hours'),
      )
      .option(
        '--source-c <t>',
        'source temperature at rating, degC (with --sink-c: COP judged against Carnot)',
        ranged('--source-c'),
      )
      .option('--sink-c <t>', 'sink (supply water) temperature at rating, degC', ranged('--sink-c'))
      .option('--json', 'print JSON')
      .action((opts: CalcOptions) => {
        const result = run(opts);
        emit(ctx, opts.json, toJson(result), () => human(result));
      }),
  );
};
