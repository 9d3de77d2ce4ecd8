import { readFile } from 'node:fs/promises';
import type {
  FileHeaders,
  HeaderMap,
  IgnoredColumn,
  MeterChannels,
  MeterFileOptions,
  MeterFiles,
  MeterSource,
  OpenMeterFiles,
} from '../app/index.ts';
import { InputError, type MeterChannel } from '../core/index.ts';
import { recogniseUnit, shown, suggestMap } from './meter/columns.ts';
import { joinMeterFiles } from './meter/merge.ts';
import { parseJsonText } from './json-file.ts';
import { MeterFileStream, readHeaders, type MeterReadOptions, type MeterReadSummary } from './meter/read.ts';

/**
 * A header map file: a JSON object {"vendor header": "canonical_name" | null}. Any other content, or a file
 * that cannot be read, is an InputError whose value is the path.
 */
export async function readHeaderMap(path: string): Promise<HeaderMap> {
  const value = parseJsonText(
    await readFile(path, 'utf8').catch((error: unknown) => {
      throw new InputError(
        `cannot read the header map: ${error instanceof Error ? error.message : String(error)}`,
        { value: path },
        { cause: error },
      );
    }),
    'cannot read the header map',
    { value: path },
  );
  if (!isHeaderMap(value))
    throw new InputError('the header map must be a JSON object {"vendor header": "canonical_name" | null}', {
      value: path,
    });
  return value;
}

export function isHeaderMap(value: unknown): value is HeaderMap {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string' || v === null)
  );
}

/** A map entry must name a header some file has (a typo is an error, never ignored). */
export function checkHeaderMap(map: HeaderMap, headers: readonly FileHeaders[], mapFile?: string): void {
  const all = new Set(headers.flatMap((h) => h.headers));
  for (const key of Object.keys(map))
    if (!all.has(key)) {
      const listed = headers.map(
        ({ file, headers: hs }) =>
          `${file}: ${hs
            .slice(0, 20)
            .map((h) => JSON.stringify(shown(h)))
            .join(', ')}`,
      );
      throw new InputError(
        `the map names a header no file has: ${JSON.stringify(shown(key))} (headers must match exactly after trimming)\n  ${listed.join('\n  ')}`,
        mapFile === undefined ? { value: shown(key) } : { file: mapFile, value: shown(key) },
      );
    }
}

const ignoredColumns = (headers: readonly string[]): IgnoredColumn[] =>
  headers.map((header) => {
    const unit = recogniseUnit(header);
    return unit ? { header, unit: { unit: unit.unit, candidates: unit.candidates } } : { header };
  });

function source(summary: MeterReadSummary): MeterSource {
  const { info } = summary;
  return {
    file: info.file,
    sha256: summary.sha256,
    format: info.format,
    delimiter: info.dialect?.delimiter ?? null,
    decimalComma: info.dialect?.commaDecimal ?? false,
    bom: info.bom,
    rows: summary.rows,
    skipped: summary.skipped,
    badRows: summary.badRows,
    ignored: ignoredColumns(info.plan.ignored),
    firstMs: summary.firstMs,
    lastMs: summary.lastMs,
  };
}

/** The files opened up to their headers; `read` then streams them (one straight, several joined on time). */
async function openMeterFiles(files: readonly string[], options: MeterFileOptions): Promise<OpenMeterFiles> {
  const readOptions: MeterReadOptions = {
    format: options.format,
    tz: options.tz,
    map: options.map,
    skipBadRows: options.skipBadRows,
  };
  if (options.decimal) readOptions.decimal = options.decimal;
  const first = await MeterFileStream.open(files[0]!, readOptions);
  const ignored = [{ file: first.file, ignored: ignoredColumns(first.info.plan.ignored) }];
  if (files.length === 1 && first.info.plan.intervalChannels.size === 0) {
    // one file of instant data and/or registers: the reader feeds the sink directly (the hot path)
    const { plan } = first.info;
    const channels: MeterChannels = { ...plan, utcOffsetMinutes: first.info.utcOffsetMinutes };
    return {
      channels,
      ignored,
      async read(_join, push) {
        first.setSink(push);
        while (await first.fill());
        return { sources: [source(first.summary())] };
      },
    };
  }
  const streams = [first];
  for (const file of files.slice(1)) {
    const stream = await MeterFileStream.open(file, readOptions);
    streams.push(stream);
    ignored.push({ file: stream.file, ignored: ignoredColumns(stream.info.plan.ignored) });
  }
  const channelSet = new Set<MeterChannel>();
  const channels: MeterChannels = { channels: channelSet, utcOffsetMinutes: first.info.utcOffsetMinutes };
  for (const [index, stream] of streams.entries()) {
    const { plan } = stream.info;
    for (const c of plan.channels) {
      const earlier = streams.findIndex((o) => o !== stream && o.info.plan.channels.has(c));
      if (earlier >= 0 && earlier < index)
        throw new InputError(
          `the ${c} channel comes from two files, ${streams[earlier]!.file} and ${stream.file}: give it once`,
          { file: stream.file },
        );
      channelSet.add(c);
    }
    if (plan.heatRegisterUnit && !plan.intervalChannels.has('heatRegister'))
      channels.heatRegisterUnit = plan.heatRegisterUnit;
    if (plan.elecRegisterUnit && !plan.intervalChannels.has('elecRegister'))
      channels.elecRegisterUnit = plan.elecRegisterUnit;
  }
  return {
    channels,
    ignored,
    async read(join, push) {
      const report = await joinMeterFiles(
        streams.map((stream) => ({
          file: stream.file,
          stream,
          open: () => MeterFileStream.open(stream.file, readOptions),
        })),
        join,
        push,
      );
      return { sources: streams.map((s) => source(s.summary())), join: report };
    },
  };
}

/** Meter files and header maps from the file system. */
export function fileMeterFiles(): MeterFiles {
  return {
    readMap: readHeaderMap,
    async headers(files, format) {
      const out: FileHeaders[] = [];
      for (const file of files) out.push({ file, headers: await readHeaders(file, format) });
      return out;
    },
    suggestMap(headers) {
      const suggested: Record<string, string | null> = {};
      for (const h of headers) Object.assign(suggested, suggestMap(h.headers));
      return suggested;
    },
    checkMap: checkHeaderMap,
    open: openMeterFiles,
  };
}
