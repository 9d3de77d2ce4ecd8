import { describeMultiplier, describeSizeClass, plainNumber, type Program } from '../../core/index.ts';
import { programSummary, type ProgramInput } from '../../app/index.ts';
import { emit, type CommandModule } from '../context.ts';
import { runCase } from '../run.ts';

interface Sourced {
  status: string;
  sources: string[];
  note?: string | undefined;
}

/** A rule value for people: '-' when the program does not say. */
const shown = <T>(value: T | null, text: (v: T) => string = String): string =>
  value === null ? '-' : text(value);
const listed = <T>(value: readonly T[] | null, text: (v: T) => string = String): string =>
  shown(value, (items) => items.map(text).join('; '));

/** The rule values of a program, in the order people read them, each with its text. */
function ruleValues(p: Program): [string, Sourced, string][] {
  const counted = p.energyCounted;
  return [
    ['effective', p.effective, shown(p.effective.value, (e) => `from ${e.from}${e.to ? ` to ${e.to}` : ''}`)],
    ['registry', p.registry, shown(p.registry.value)],
    ['certificate', p.certificate, shown(p.certificate.value, (c) => `1 ${c.name} = ${c.size} ${c.unit}`)],
    ['BTU per MWh', p.btuPerMwh, shown(p.btuPerMwh.value)],
    ['technologies', p.technologies, listed(p.technologies.value)],
    ['size classes', p.sizeClasses, listed(p.sizeClasses.value, describeSizeClass)],
    ['methods', p.methods, listed(p.methods.value)],
    ['counts heating', counted.heating, shown(counted.heating.value)],
    ['counts cooling', counted.cooling, shown(counted.cooling.value)],
    ['net of electricity', counted.netOfElectricity, shown(counted.netOfElectricity.value)],
    ['multipliers', p.multipliers, listed(p.multipliers.value, describeMultiplier)],
    ['full-load hours', p.fullLoadHours, shown(p.fullLoadHours.value)],
    ['reporting cadence', p.reportingCadence, shown(p.reportingCadence.value)],
    ['fractional remainder', p.remainder, shown(p.remainder.value)],
    ['metering', p.metering, shown(p.metering.value)],
    [
      'data coverage',
      p.dataCoverage,
      shown(p.dataCoverage.value, (f) => `${plainNumber(f * 100)} % of a period's hours`),
    ],
    ['independent monitor', p.independentMonitor, shown(p.independentMonitor.value)],
  ];
}

function detail(p: Program): string {
  const lines = [
    `${p.name}`,
    `  id ${p.id}, version ${p.version}, ${p.jurisdiction}, status: ${p.programStatus}`,
    '',
  ];
  for (const [label, rule, text] of ruleValues(p)) {
    const cites = rule.sources.length ? ` [${rule.sources.join(', ')}]` : '';
    lines.push(`  ${label}: ${text}  (${rule.status}${cites})`);
    if (rule.note) lines.push(`      ${rule.note}`);
  }
  lines.push('', 'Sources:');
  for (const s of p.sources)
    lines.push(
      `  [${s.id}] ${s.title} (${s.kind})${s.url ? `\n      ${s.url}` : ''}\n      checked: ${s.checked}`,
    );
  if (p.notes.length) lines.push('', 'Notes:', ...p.notes.map((n) => `  - ${n}`));
  return lines.join('\n');
}

export const programsCommand: CommandModule = (program, ctx) => {
  const programs = program
    .command('programs')
    .description(
      [
        'List the certificate programs TREC knows (programs/*.json): registry,',
        'certificate unit, methods, cadence. Each rule value carries a status:',
        "verified (read in a statute, regulation or the regulator's or registry's",
        'own text), secondary, assumption, unknown or not-applicable. `trec programs',
        'show ID` prints each value with its sources and what was read in each.',
      ].join('\n'),
    )
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const outcome = await runCase(ctx.app, 'programs', {});
      const all = outcome.result.programs.map(programSummary);
      emit(ctx, opts.json, ctx.app.present('programs', outcome), () =>
        all
          .map(
            (p) =>
              `${p.id.padEnd(28)} ${p.program_status.padEnd(14)} ${String(p.registry ?? '-').padEnd(11)} ` +
              `${String(p.certificate_unit ?? '-').padEnd(7)} ${(p.methods ?? ['unsettled']).join(', ')}`,
          )
          .join('\n'),
      );
    });
  programs
    .command('show')
    .description(
      'Print one program with every rule value, its status and its sources (author, title, address, and what was read).',
    )
    .argument('<id>', 'program id (see `trec programs`)')
    .option('--json', 'print the program file as JSON')
    .action(async (id: ProgramInput['id'], opts: { json?: boolean }) => {
      // The positional <id> is worded as before: "field program".
      const outcome = await runCase(ctx.app, 'program', { id }, { id: 'program' });
      // `trec programs show ID --json`: commander hands --json to the parent command, which declares it too.
      const json = opts.json || programs.opts<{ json?: boolean }>().json;
      emit(ctx, json, ctx.app.present('program', outcome), () => detail(outcome.result.program));
    });
};
