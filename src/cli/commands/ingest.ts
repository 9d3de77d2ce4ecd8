import { SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import {
  createApp,
  isoIn,
  type App,
  type IngestInput,
  type IngestResult,
  type IntervalStore,
  type MeterFiles,
  type StoredHour,
} from '../../app/index.ts';
import { checkLines, errorLead } from '../checks-output.ts';
import { emit, fmt, processIO, type CliContext, type CommandModule } from '../context.ts';
import { runCase } from '../run.ts';

const FLAGS = { files: 'FILE', mapFile: '--map' } as const;

interface IngestOptions {
  meter: string;
  replace?: boolean;
  format?: 'csv' | 'jsonl';
  map?: string;
  skipBadRows?: boolean;
  json?: boolean;
}

/** Samples between two redraws of the reading bar (a redraw per sample would cost more than the sample). */
const REDRAW_EVERY = 16_384;

/**
 * The use cases with a progress bar on stderr: samples read, then hours stored. Only on a terminal: piped
 * or captured output gets no bar (cli-progress also draws nothing on a stream that is not a TTY).
 */
function withProgress(app: App, ctx: CliContext): { app: App; stop: () => void } {
  const { intervals } = app.ports;
  if (ctx.io !== processIO || !process.stderr.isTTY || !intervals) return { app, stop: () => undefined };
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'trec ingest: {phase} {value} {what}',
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  const files = app.ports.meterFiles;
  const open: MeterFiles['open'] = async (names, options) => {
    const opened = await files.open(names, options);
    return {
      channels: opened.channels,
      ignored: opened.ignored,
      read: (join, push) => {
        let n = 0;
        bar.start(1, 0, { phase: 'reading', what: 'samples' });
        started = true;
        return opened.read(join, (sample) => {
          if (++n % REDRAW_EVERY === 0) bar.update(n);
          push(sample);
        });
      },
    };
  };
  const storeUpload: IntervalStore['storeUpload'] = (upload, hours, options) => {
    const total =
      upload.rangeStart === null || upload.rangeEnd === null
        ? 0
        : Math.round((upload.rangeEnd - upload.rangeStart) / 3_600_000);
    bar.setTotal(total);
    bar.update(0, { phase: 'storing', what: `of ${total} hours` });
    async function* counted(): AsyncGenerator<StoredHour> {
      let n = 0;
      for await (const h of hours) {
        if (++n % 1000 === 0) bar.update(n);
        yield h;
      }
      bar.update(n);
    }
    return intervals.storeUpload(upload, counted(), options);
  };
  return {
    app: createApp({
      ...app.ports,
      meterFiles: { ...files, open },
      intervals: { ...intervals, storeUpload },
    }),
    stop: () => {
      if (started) bar.stop();
    },
  };
}

function human(r: IngestResult): string {
  const u = r.upload;
  const lines = [...errorLead(r.checks)];
  if (r.alreadyIngested)
    lines.push(
      `already ingested: ${u.fileName} (sha256 ${u.sha256}) is upload ${u.id}, sent by ${u.createdBy} at ${new Date(u.createdAt).toISOString()}; nothing changed`,
    );
  else {
    lines.push(`upload ${u.id}: ${u.fileName}, ${fmt(u.rowCount, 0)} rows -> ${fmt(r.stored, 0)} hours`);
    if (r.replaced > 0) lines.push(`replaced ${fmt(r.replaced, 0)} stored hours in its range`);
  }
  lines.push(`sha256 ${u.sha256}, ${fmt(u.sizeBytes, 0)} bytes`);
  if (u.rangeStart !== null && u.rangeEnd !== null)
    lines.push(
      `range ${isoIn(u.rangeStart, r.timeZone)} to ${isoIn(u.rangeEnd, r.timeZone)} (${r.timeZone}; ${isoIn(u.rangeStart)} to ${isoIn(u.rangeEnd)})`,
    );
  lines.push(...checkLines(r.checks));
  return lines.join('\n');
}

export const ingestCommand: CommandModule = (program, ctx) => {
  program
    .command('ingest')
    .description(
      "Meter files into the registry's hourly interval energy, as one upload.\n" +
        "Read with the meter's registered fluid, flow-sensor place, EN 1434 class and\n" +
        "register rollover, hours in the site's time zone (the reader and integrator of\n" +
        'trec energy); the readings too, by UTC day, for GET /v1/systems/{id}/minutes;\n' +
        'stored in one transaction (an error or interruption leaves nothing). The same file again changes nothing ("already ingested"); data\n' +
        'overlapping stored hours is refused naming the range unless --replace.',
    )
    .argument('<file...>', 'meter files (.csv, or .jsonl/.ndjson), joined on time')
    .requiredOption('--meter <id>', 'the registered meter the files come from')
    .option('--db <path|url>', 'SQLite file or postgres:// URL (default: TREC_DB, else ./data/trec.db)')
    .option(
      '--replace',
      "replace the meter's stored hours in the files' range (refused where a period is issued)",
    )
    .addOption(
      new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'jsonl']),
    )
    .option('--map <map.json>', 'JSON object: file header -> canonical column name (null: ignore)')
    .option('--skip-bad-rows', 'count, list and skip bad rows instead of stopping')
    .option('--json', 'print JSON')
    .action(async (files: string[], opts: IngestOptions, _cmd: Command) => {
      const input: IngestInput = { files, meter: opts.meter };
      if (opts.replace) input.replace = true;
      if (opts.format) input.format = opts.format;
      if (opts.map !== undefined) input.mapFile = opts.map;
      if (opts.skipBadRows) input.skipBadRows = true;
      const progress = withProgress(ctx.app, ctx);
      let outcome;
      try {
        outcome = await runCase(progress.app, 'ingest', input, FLAGS);
      } finally {
        progress.stop();
      }
      emit(ctx, opts.json, opts.json ? ctx.app.present('ingest', outcome) : null, () =>
        human(outcome.result),
      );
    });
};
