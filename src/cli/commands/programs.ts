import { describeMultiplier, describeSizeClass, type Program } from '../../core/index.ts';
import { loadProgram, loadPrograms } from '../../ingest/programs.ts';
import { emit, type CommandModule } from '../context.ts';

interface Sourced {
  value: unknown;
  status: string;
  sources: string[];
  note?: string | undefined;
}

/** The rule values of a program, in the order people read them. */
function ruleValues(p: Program): [string, Sourced][] {
  return [
    ['effective', p.effective],
    ['registry', p.registry],
    ['certificate', p.certificate],
    ['BTU per MWh', p.btuPerMwh],
    ['technologies', p.technologies],
    ['size classes', p.sizeClasses],
    ['methods', p.methods],
    ['counts heating', p.energyCounted.heating],
    ['counts cooling', p.energyCounted.cooling],
    ['net of electricity', p.energyCounted.netOfElectricity],
    ['multipliers', p.multipliers],
    ['full-load hours', p.fullLoadHours],
    ['reporting cadence', p.reportingCadence],
    ['fractional remainder', p.remainder],
    ['metering', p.metering],
  ];
}

function show(value: unknown): string {
  if (value === null) return '-';
  if (Array.isArray(value))
    return value
      .map((v) => {
        if (v && typeof v === 'object' && 'minBtuh' in v) return describeSizeClass(v as never);
        if (v && typeof v === 'object' && 'value' in v) return describeMultiplier(v as never);
        return String(v);
      })
      .join('; ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('unit' in o) return `1 ${String(o.name)} = ${String(o.size)} ${String(o.unit)}`;
    if ('from' in o) return `from ${String(o.from)}${o.to ? ` to ${String(o.to)}` : ''}`;
  }
  return String(value);
}

function summary(p: Program) {
  const cert = p.certificate.value;
  return {
    id: p.id,
    version: p.version,
    name: p.name,
    program_status: p.programStatus,
    registry: p.registry.value,
    certificate_unit: cert ? `${cert.size} ${cert.unit}` : null,
    methods: p.methods.value,
    reporting_cadence: p.reportingCadence.value,
  };
}

function detail(p: Program): string {
  const lines = [
    `${p.name}`,
    `  id ${p.id}, version ${p.version}, ${p.jurisdiction}, status: ${p.programStatus}`,
    '',
  ];
  for (const [label, v] of ruleValues(p)) {
    const cites = v.sources.length ? ` [${v.sources.join(', ')}]` : '';
    lines.push(`  ${label}: ${show(v.value)}  (${v.status}${cites})`);
    if (v.note) lines.push(`      ${v.note}`);
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
    .action((opts: { json?: boolean }) => {
      const all = loadPrograms().map(summary);
      emit(ctx, opts.json, all, () =>
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
    .action((id: string, opts: { json?: boolean }) => {
      const p = loadProgram(id);
      // `trec programs show ID --json`: commander hands --json to the parent command, which declares it too.
      emit(ctx, opts.json || programs.opts<{ json?: boolean }>().json, p, () => detail(p));
    });
};
