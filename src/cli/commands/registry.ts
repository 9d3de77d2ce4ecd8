import type { Command } from 'commander';
import type { InputOf, RegistrationKind, ResultOf } from '../../app/index.ts';
import { checkLines } from '../checks-output.ts';
import {
  emit,
  fmt,
  inputOf,
  parseInteger,
  parseNonNegative,
  parsePositive,
  withDb,
  type CliContext,
  type CommandModule,
  type DbOptions,
} from '../context.ts';
import { helpWithRanges, ranged } from '../ranges.ts';
import { runCase } from '../run.ts';

// The registry commands (issue 9): register organisations, sites, systems, meters and enrolments, and read
// them back. Each takes --db (else TREC_DB, else ./data/trec.db) and --json; what a command creates prints its
// id in both outputs.

type Common = DbOptions;

const checksAfter = (checks: Parameters<typeof checkLines>[0]): string[] =>
  checks.length ? checkLines(checks).map((l) => `  ${l}`) : [];

/**
 * An add command that also takes `--file` (a JSON array or CSV of many, all or nothing): its required options
 * are required only without --file, and refused beside it. With --file the registerFile use case runs.
 */
function fileable<O extends Common>(
  ctx: CliContext,
  kind: RegistrationKind,
  cmd: Command,
  one: (options: O) => Promise<void>,
): void {
  const required = cmd.options.filter((opt) => opt.mandatory);
  for (const opt of required) opt.mandatory = false;
  const what = kind === 'org' ? 'organisation' : kind === 'enrol' ? 'enrolment' : kind;
  cmd
    .option(
      '--file <path>',
      `many at once: a JSON array or a CSV file, one ${what} per record (all or nothing)`,
    )
    .action(async (o: O & { file?: string }, command: Command) => {
      const { file, db, json, ...rest } = o;
      if (file === undefined) {
        const missing = required.find((opt) => o[opt.attributeName() as keyof O] === undefined);
        if (missing) command.error(`error: required option '${missing.flags}' not specified`);
        return one(o);
      }
      const beside = cmd.options.find(
        (opt) => (rest as Record<string, unknown>)[opt.attributeName()] !== undefined,
      );
      if (beside)
        command.error(`error: option '${beside.flags}' cannot be used with --file (give it in the file)`);
      const outcome = await runCase(ctx.app, 'registerFile', {
        kind,
        file,
        ...(db === undefined ? {} : { db }),
      });
      const r = outcome.result;
      emit(ctx, json, ctx.app.present('registerFile', outcome), () =>
        [
          `${r.created.length} registered from ${r.file} (one transaction):`,
          ...r.created.map((c) => `  ${r.format === 'csv' ? 'line' : 'element'} ${c.row}: ${c.id}`),
          ...checksAfter(r.checks),
        ].join('\n'),
      );
    });
}

type SystemResult = ResultOf<'systemAdd'>['system'];
const tons = (s: SystemResult) => fmt(s.ratedCapacityW / 3516.8528420667, 2);
const systemLine = (s: SystemResult) =>
  `${s.id}  ${s.name}  ${s.technology}  ${tons(s)} tons (${fmt(s.ratedCapacityW / 1000, 2)} kW)  COP ${s.ratedCop}` +
  `  commissioned ${s.commissionedOn ?? '-'}  site ${s.siteId}`;

function dbCommand(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('The registry database: migrations.');
  withDb(
    db
      .command('migrate')
      .description(
        'Apply the registry migrations to the database (registry commands also do on start); a database a newer TREC migrated is refused.',
      ),
  ).action(async (o: Common) => {
    const outcome = await runCase(ctx.app, 'dbMigrate', inputOf(o));
    const r = outcome.result;
    emit(ctx, o.json, ctx.app.present('dbMigrate', outcome), () =>
      [
        `database ${r.target} (${r.dialect}): ${r.applied.length} migration${r.applied.length === 1 ? '' : 's'} applied (${r.applied.join(', ') || 'none'})`,
        r.justApplied.length ? `  applied now: ${r.justApplied.join(', ')}` : '  already up to date',
      ].join('\n'),
    );
  });
}

function orgCommand(program: Command, ctx: CliContext): void {
  const org = program.command('org').description('Organisations (aggregators, the tenants of the registry).');
  fileable(
    ctx,
    'org',
    withDb(
      org
        .command('add')
        .description('Register an organisation; it gets a default account.')
        .requiredOption('--name <name>', 'the organisation name (unique)'),
    ),
    async (o: Common & { name: string }) => {
      const outcome = await runCase(ctx.app, 'orgAdd', inputOf(o));
      const r = outcome.result.organisation;
      emit(
        ctx,
        o.json,
        ctx.app.present('orgAdd', outcome),
        () => `organisation ${r.id} "${r.name}" registered (default account ${r.defaultAccountId})`,
      );
    },
  );
}

function siteCommand(program: Command, ctx: CliContext): void {
  const site = program.command('site').description('Sites of an organisation.');
  fileable(
    ctx,
    'site',
    withDb(
      site
        .command('add')
        .description(
          'Register a site: its state or country and its IANA time zone (local dates of its data).',
        )
        .requiredOption('--org <id|name>', 'the organisation (id or name)')
        .requiredOption('--name <name>', 'the site name (unique in the organisation)')
        .option('--state <code>', 'state or subdivision code (MD, NH)')
        .option('--country <code>', 'ISO 3166-1 alpha-2 country code (default US)')
        .option('--address <text>', 'street address')
        .requiredOption('--tz <zone>', 'IANA time zone (America/New_York)'),
    ),
    async (o: Common & { org: string; name: string; state?: string; tz: string }) => {
      const outcome = await runCase(ctx.app, 'siteAdd', inputOf(o));
      const r = outcome.result.site;
      emit(
        ctx,
        o.json,
        ctx.app.present('siteAdd', outcome),
        () =>
          `site ${r.id} "${r.name}" registered for organisation ${r.organisationId} (${[r.state, r.country].filter(Boolean).join(', ')}; ${r.timeZone})`,
      );
    },
  );
}

type SystemAddOptions = InputOf<'systemAdd'> & Common;

function systemCommand(program: Command, ctx: CliContext): void {
  const system = program.command('system').description('Heat-pump systems: register one, show one.');
  fileable(
    ctx,
    'system',
    withDb(
      helpWithRanges(
        system
          .command('add')
          .description(
            "Register a heat-pump system on a site; its rated values are checked against the AHRI certificate's when given.",
          )
          .requiredOption('--site <id>', 'the site')
          .requiredOption('--name <name>', 'the system name (unique on the site)')
          .requiredOption(
            '--technology <t>',
            'ground-source, air-to-water, water-to-water, air-to-air or hybrid',
          )
          .option('--tons <n>', 'rated heating capacity, tons', ranged('--tons'))
          .option('--capacity-kw <n>', 'rated heating capacity, kW', ranged('--capacity-kw'))
          .option('--capacity-btuh <n>', 'rated heating capacity, BTU/h', ranged('--capacity-btuh'))
          .requiredOption('--cop <n>', 'rated heating COP', ranged('--cop'))
          .option('--ahri-ref <n>', 'AHRI certified reference number')
          .option('--ahri-tons <n>', 'the capacity the AHRI certificate prints, tons', parsePositive)
          .option('--ahri-capacity-kw <n>', 'the capacity the AHRI certificate prints, kW', parsePositive)
          .option(
            '--ahri-capacity-btuh <n>',
            'the capacity the AHRI certificate prints, BTU/h',
            parsePositive,
          )
          .option('--ahri-cop <n>', 'the COP the AHRI certificate prints', parsePositive)
          .option('--keymark-ref <ref>', 'Heat Pump Keymark certificate or registration number')
          .option('--performance-map-ref <id>', 'a performance map of the catalogue')
          .requiredOption('--commissioned <date>', 'commissioning date YYYY-MM-DD (site time zone)'),
      ),
    ),
    async (o: SystemAddOptions) => {
      const outcome = await runCase(ctx.app, 'systemAdd', inputOf(o));
      const r = outcome.result;
      emit(ctx, o.json, ctx.app.present('systemAdd', outcome), () =>
        [`system ${r.system.id} registered: ${systemLine(r.system)}`, ...checksAfter(r.checks)].join('\n'),
      );
    },
  );
  withDb(
    system
      .command('show')
      .description('One system: its site, meters, enrolments, uploads and open checks.')
      .argument('<id>', 'the system id'),
  ).action(async (systemId: string, o: Common) => {
    const outcome = await runCase(
      ctx.app,
      'systemShow',
      { ...inputOf(o), system: systemId },
      { system: 'ID' },
    );
    const r = outcome.result;
    const lines = [
      `system ${systemLine(r.system)}`,
      `  site ${r.site.id} "${r.site.name}" (${[r.site.state, r.site.country].filter(Boolean).join(', ')}; ${r.site.timeZone}), organisation ${r.system.organisationId}`,
      `  meters: ${r.meters.length ? '' : 'none'}`,
      ...r.meters.map(
        (m) =>
          `    ${m.meter.id} ${m.meter.kind}${m.meter.serial ? ` serial ${m.meter.serial}` : ''} installed ${m.meter.installedOn ?? '-'}${m.meter.removedOn ? ` removed ${m.meter.removedOn}` : ''}${m.meter.fluid ? `, ${m.meter.fluid}` : ''}${m.meter.en1434Class ? `, EN 1434 class ${m.meter.en1434Class}` : ''}; uploads: ${m.uploads.length}`,
      ),
      ...r.meters.flatMap((m) =>
        m.coverage.map(
          (c) =>
            `      ${c.month}: ${fmt(c.coverageS / 3600, 1)} of ${c.hours} h covered, heat ${fmt(c.heatWh / 1000, 3)} kWh, electricity ${fmt(c.elecWh / 1000, 3)} kWh`,
        ),
      ),
      `  enrolments: ${r.enrolments.length ? '' : 'none'}`,
      ...r.enrolments.map(
        (e) =>
          `    ${e.enrolment.id} ${e.enrolment.programId} ${e.enrolment.programVersion} (${e.enrolment.method ?? '-'}) from ${e.enrolment.startOn}${e.enrolment.endOn ? ` to ${e.enrolment.endOn}` : ''}${e.enrolment.unitId ? `, unit ${e.enrolment.unitId}` : ''}`,
      ),
      `  open checks: ${r.open.length ? '' : 'none'}`,
      ...r.open.map((c) => `    ${c.severity.toUpperCase()} ${c.code} (${c.entity_id}): ${c.message}`),
    ];
    emit(ctx, o.json, ctx.app.present('systemShow', outcome), () => lines.join('\n'));
  });
}

function systemsCommand(program: Command, ctx: CliContext): void {
  withDb(
    program
      .command('systems')
      .description('List the registered systems (of one organisation or site).')
      .option('--org <id|name>', 'only this organisation')
      .option('--site <id>', 'only this site'),
  ).action(async (o: Common & { org?: string; site?: string }) => {
    const outcome = await runCase(ctx.app, 'systems', inputOf(o));
    const list = outcome.result.systems;
    emit(ctx, o.json, ctx.app.present('systems', outcome), () =>
      list.length ? list.map(systemLine).join('\n') : 'no systems registered',
    );
  });
}

type MeterAddOptions = Omit<InputOf<'meterAdd'>, 'meterClass'> & Common & { class?: number };

function meterCommand(program: Command, ctx: CliContext): void {
  const meter = program.command('meter').description('Meters on a system (a meter swap is a new meter).');
  fileable(
    ctx,
    'meter',
    withDb(
      meter
        .command('add')
        .description('Register a heat or electricity meter on a system.')
        .requiredOption('--system <id>', 'the system')
        .requiredOption('--kind <kind>', 'heat or electricity')
        .option('--fluid <fluid>', 'heat meter: water, propylene-glycol or ethylene-glycol')
        .option('--concentration <f>', 'glycol mass fraction 0..1', parseNonNegative)
        .option('--flow-sensor <place>', 'heat meter: supply or return')
        .option(
          '--class <n>',
          'EN 1434 accuracy class 1, 2 or 3 (with --qp-m3h and --dt-min-k)',
          parseInteger,
        )
        .option('--qp-m3h <n>', 'EN 1434 permanent flow qp, m3/h', parsePositive)
        .option('--dt-min-k <n>', 'EN 1434 minimum temperature difference, K', parsePositive)
        .option('--register-rollover <n>', 'the register value at which it wraps to 0', parsePositive)
        .option('--serial <s>', 'serial number')
        .option('--installed <date>', "installation date YYYY-MM-DD (default: the system's commissioning)")
        .option('--removed <date>', 'removal date YYYY-MM-DD (the first day not counted)'),
    ),
    async ({ class: meterClass, ...o }: MeterAddOptions) => {
      const outcome = await runCase(
        ctx.app,
        'meterAdd',
        { ...inputOf(o), ...(meterClass === undefined ? {} : { meterClass }) },
        {
          meterClass: '--class',
        },
      );
      const r = outcome.result;
      emit(ctx, o.json, ctx.app.present('meterAdd', outcome), () =>
        [
          `meter ${r.meter.id} (${r.meter.kind}) registered on system ${r.meter.systemId}, installed ${r.meter.installedOn ?? '-'}${r.installedDefaulted ? " (the system's commissioning date)" : ''}`,
          ...checksAfter(r.checks),
        ].join('\n'),
      );
    },
  );
}

function enrolCommand(program: Command, ctx: CliContext): void {
  fileable(
    ctx,
    'enrol',
    withDb(
      program
        .command('enrol')
        .description(
          "Enrol a system in a program: the program's rules (technology, size class, method, dates, status) and double counting are checked first.",
        )
        .requiredOption('--system <id>', 'the system')
        .requiredOption('--program <id>', 'the program (see trec programs)')
        .option('--program-version <v>', "the rule file's version (default: the program file's)")
        .option('--method <name>', "the method (default: the program's only one)")
        .option('--unit-id <id>', "the registry's unit id (NEPOOL-GIS unit, GATS unit, M-RETS generator)")
        .option('--reporting-unit-id <id>', "the registry's reporting unit")
        .requiredOption('--start <date>', 'first day counted, YYYY-MM-DD')
        .option('--end <date>', 'first day not counted, YYYY-MM-DD (default: open)')
        .option('--pilot', 'enrol as a pilot or demonstration (required for a proposal)')
        .option(
          '--combined-capacity-kw <n>',
          "the site's units counted together for the size class, kW (New Hampshire)",
          parsePositive,
        )
        .option('--account <id>', 'issue to this account of the organisation (default: its default account)')
        .option('--conservative', "issue metered energy less the meter's EN 1434 uncertainty")
        .option('--cap-physical', 'cap a prescriptive figure at the physical maximum (capacity x hours)')
        .option(
          '--multiplier <n>',
          "the program's multiplier chosen at qualification, where it lists several for the size class (Massachusetts small air-source: 2 or 3)",
          parsePositive,
        ),
    ),
    async (o: InputOf<'enrol'> & Common) => {
      const outcome = await runCase(ctx.app, 'enrol', inputOf(o), {
        program: '--program',
        pilot: '--pilot',
        multiplier: '--multiplier',
      });
      const r = outcome.result;
      const e = r.enrolment;
      emit(ctx, o.json, ctx.app.present('enrol', outcome), () =>
        [
          `enrolment ${e.id} registered: system ${e.systemId} in ${e.programId} ${e.programVersion} (${e.method ?? '-'}) from ${e.startOn}${e.endOn ? ` to ${e.endOn}` : ''}${r.pilot ? ', as a pilot' : ''}`,
          ...checksAfter(r.checks),
        ].join('\n'),
      );
    },
  );
}

/** The registry commands, in the order `trec --help` lists them. */
export const registryCommands: CommandModule[] = [
  orgCommand,
  siteCommand,
  systemCommand,
  meterCommand,
  enrolCommand,
  systemsCommand,
  dbCommand,
];
