import { Option } from 'commander';
import type { DataInput, DataResult } from '../../app/index.ts';
import { dataUseCase, isoIn } from '../../app/index.ts';
import { checkLines, errorLead } from '../checks-output.ts';
import { emit, fmt, type CommandModule } from '../context.ts';
import { runCase } from '../run.ts';

interface DataOptions {
  system: string;
  from: string;
  to: string;
  interval?: 'hour' | 'day' | 'month';
  json?: boolean;
}

function human(r: DataResult): string {
  const lines = [
    ...errorLead(r.checks),
    `system ${r.systemId}: stored energy ${isoIn(r.fromMs, r.timeZone)} to ${isoIn(r.toMs, r.timeZone)} (${r.timeZone}), by ${r.interval}`,
    `${'start'.padEnd(25)} ${'heat kWh'.padStart(12)} ${'cool kWh'.padStart(10)} ${'elec kWh'.padStart(10)} ${'coverage'.padStart(9)}`,
  ];
  const row = (label: string, e: DataResult['total']) =>
    `${label.padEnd(25)} ${fmt(e.heatWh / 1000, 3).padStart(12)} ${fmt(e.coolWh / 1000, 3).padStart(10)} ${(r.hasElec ? fmt(e.elecWh / 1000, 3) : '-').padStart(10)} ${`${fmt((100 * e.coverageS) / ((e.endMs - e.startMs) / 1000), 1)} %`.padStart(9)}`;
  for (const e of r.intervals) lines.push(row(isoIn(e.startMs, r.timeZone), e));
  lines.push(row('total', r.total));
  if (r.intervals.length === 0) lines.push('(no stored hours in this range)');
  lines.push(...checkLines(r.checks));
  return lines.join('\n');
}

export const dataCommand: CommandModule = (program, ctx) => {
  program
    .command('data')
    .description(
      "A system's stored energy by hour, day or month: the figures and JSON of trec\n" +
        'energy for the same files, now from the store. --from inclusive, --to\n' +
        "exclusive, dates in the site's time zone.",
    )
    .requiredOption('--system <id>', 'the registered system')
    .requiredOption('--from <date>', "first day (YYYY-MM-DD, inclusive, site's time zone)")
    .requiredOption('--to <date>', 'day after the last (YYYY-MM-DD, exclusive)')
    .addOption(
      new Option(
        '--interval <interval>',
        `reporting interval (default ${dataUseCase.defaults.interval.value})`,
      ).choices(['hour', 'day', 'month']),
    )
    .option('--db <path|url>', 'SQLite file or postgres:// URL (default: TREC_DB, else ./data/trec.db)')
    .option('--json', 'print JSON')
    .action(async (opts: DataOptions) => {
      const input: DataInput = { system: opts.system, from: opts.from, to: opts.to };
      if (opts.interval) input.interval = opts.interval;
      const outcome = await runCase(ctx.app, 'data', input);
      emit(ctx, opts.json, opts.json ? ctx.app.present('data', outcome) : null, () => human(outcome.result));
    });
};
