// Uploads (issue 12): drag a meter file, see what was understood (columns and units, time range, energy,
// checks: POST /v1/energy, nothing stored) before committing it to a meter (POST /v1/meters/{id}/uploads, with
// progress and an Idempotency-Key, so a retry never stores twice).
import { useRef, useState, type DragEvent } from 'react';
import { get, paths, postFile, query, upload, type Json } from '../api.ts';
import { listSystems } from '../data.ts';
import { count, energy, num, pct, when } from '../format.ts';
import { Link } from '../router.tsx';
import { Checks, ErrorBox, Loading, Section, Stat, useLoad, useTitle, type Check } from '../ui.tsx';

/** Units read from a canonical column name's suffix (the names of `trec energy`, docs/methods.md). */
const SUFFIX_UNITS: [RegExp, string][] = [
  [/_lpm$/, 'L/min'],
  [/_m3h$/, 'm³/h'],
  [/_lps$/, 'L/s'],
  [/_gpm$/, 'gal/min'],
  [/_c$/, '°C'],
  [/_f$/, '°F'],
  [/_kw$/, 'kW'],
  [/_w$/, 'W'],
  [/_kwh$/, 'kWh'],
  [/_wh$/, 'Wh'],
  [/_mwh$/, 'MWh'],
  [/_m3$/, 'm³'],
  [/^time$|timestamp/, 'ISO 8601 time'],
];

const unitOf = (column: string) => SUFFIX_UNITS.find(([re]) => re.test(column.toLowerCase()))?.[1] ?? '–';

async function headerOf(file: File): Promise<string[]> {
  const head = await file.slice(0, 4096).text();
  const line = head.split(/\r?\n/)[0] ?? '';
  if (/\.(jsonl|ndjson)$/i.test(file.name)) {
    try {
      return Object.keys(JSON.parse(line) as object);
    } catch {
      return [];
    }
  }
  const delimiter = line.includes(';') && !line.includes(',') ? ';' : line.includes('\t') ? '\t' : ',';
  return line.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ''));
}

export default function Uploads() {
  useTitle('Uploads');
  const systems = useLoad((signal) => listSystems(signal), []);
  const [systemId, setSystemId] = useState('');
  const meters = useLoad(
    async (signal) =>
      systemId
        ? (((await get(paths.systemMeters(systemId), signal)).meters as Json[] | undefined) ?? [])
        : [],
    [systemId],
  );
  const [meterId, setMeterId] = useState('');
  const [file, setFile] = useState<File>();
  const [over, setOver] = useState(false);
  const [columns, setColumns] = useState<string[]>([]);
  const [checking, setChecking] = useState(false);
  const [preview, setPreview] = useState<Json>();
  const [error, setError] = useState<Error>();
  const [progress, setProgress] = useState<number>();
  const [stored, setStored] = useState<Json>();
  const key = useRef('');
  const input = useRef<HTMLInputElement>(null);

  const take = async (f: File | undefined) => {
    if (!f) return;
    setFile(f);
    setPreview(undefined);
    setStored(undefined);
    setError(undefined);
    setProgress(undefined);
    key.current = crypto.randomUUID();
    setColumns(await headerOf(f));
    setChecking(true);
    try {
      setPreview(await postFile(`${paths.energy}${query({ interval: 'total' })}`, f));
    } catch (e) {
      setError(e as Error);
    } finally {
      setChecking(false);
    }
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void take(e.dataTransfer.files[0]);
  };
  const commit = async () => {
    if (!file || !meterId) return;
    setError(undefined);
    setProgress(0);
    try {
      setStored(await upload(paths.uploads(meterId), file, setProgress, key.current));
    } catch (e) {
      setError(e as Error);
      setProgress(undefined);
    }
  };
  const t = (preview?.total ?? {}) as Json;
  const src = (preview?.source ?? {}) as Json;
  return (
    <>
      <h1>Uploads</h1>
      <Section title="1. The meter" id="up-meter">
        {systems.loading && <Loading what="the systems" />}
        {systems.error && <ErrorBox error={systems.error} what="the systems" />}
        <form className="fields" onSubmit={(e) => e.preventDefault()}>
          <label>
            System
            <select
              value={systemId}
              onChange={(e) => {
                setSystemId(e.target.value);
                setMeterId('');
              }}
            >
              <option value="">choose a system</option>
              {(systems.data ?? []).map((s) => (
                <option key={String(s.id)} value={String(s.id)}>
                  {String(s.name)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Meter
            <select value={meterId} onChange={(e) => setMeterId(e.target.value)} disabled={!systemId}>
              <option value="">choose a meter</option>
              {(meters.data ?? []).map((m) => (
                <option key={String(m.id)} value={String(m.id)}>
                  {String(m.kind)} meter {String(m.serial ?? m.id)} ({String(m.fluid)}, class{' '}
                  {String(m.meter_class)})
                </option>
              ))}
            </select>
          </label>
        </form>
        {systemId && meters.data?.length === 0 && <p className="muted">This system has no meter.</p>}
      </Section>
      <Section title="2. The file" id="up-file">
        <div
          className={`drop ${over ? 'over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={drop}
        >
          <p>
            Drop a meter file here (CSV or JSON lines, the column names of <code>trec energy</code>), or
          </p>
          <label className="row" style={{ justifyContent: 'center' }}>
            <span>choose a file</span>
            <input
              ref={input}
              type="file"
              accept=".csv,.jsonl,.ndjson,.txt"
              onChange={(e) => void take(e.target.files?.[0])}
              data-testid="file-input"
            />
          </label>
        </div>
        {checking && <Loading what="what the file holds" />}
        {error && <ErrorBox error={error} />}
        {preview && file && (
          <div data-testid="understood">
            <h3>What was understood (nothing stored yet)</h3>
            <div className="stats">
              <Stat
                label="File"
                value={file.name}
                hint={`${count(file.size / 1024)} KiB, ${count(Number(src.rows))} rows`}
              />
              <Stat label="From" value={when(String(src.first))} />
              <Stat label="To" value={when(String(src.last))} />
              <Stat
                label="Heat"
                value={<span data-testid="preview-heat">{energy(t.heat_kwh)}</span>}
                hint={`by ${String(preview.heat_basis)}`}
              />
              <Stat
                label="Electricity"
                value={energy(t.elec_kwh)}
                hint={preview.elec_basis ? `by ${String(preview.elec_basis)}` : undefined}
              />
              <Stat label="COP" value={num(t.cop, 'W/W', 3)} />
              <Stat
                label="Coverage"
                value={pct(t.coverage)}
                hint={`${count(Number(preview.gap_count))} gaps`}
              />
            </div>
            <div className="table-wrap" tabIndex={0}>
              <table>
                <caption className="muted small" style={{ textAlign: 'left' }}>
                  Columns
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Column</th>
                    <th scope="col">Unit</th>
                    <th scope="col">Used</th>
                  </tr>
                </thead>
                <tbody>
                  {columns.map((c) => (
                    <tr key={c}>
                      <td>
                        <code>{c}</code>
                      </td>
                      <td>{unitOf(c)}</td>
                      <td>
                        {((src.ignored_columns as string[] | undefined) ?? []).includes(c)
                          ? 'ignored'
                          : 'yes'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="small muted">
              Delimiter {JSON.stringify(src.delimiter ?? ',')}, decimal{' '}
              {src.decimal_comma ? 'comma' : 'point'}, time zone {String(src.time_zone ?? '–')},{' '}
              {count(Number(src.skipped_rows ?? 0))} rows skipped.
            </p>
            <Checks checks={(preview.checks as Check[] | undefined) ?? []} empty="No checks." />
          </div>
        )}
      </Section>
      <Section title="3. Commit" id="up-commit">
        <button
          type="button"
          onClick={() => void commit()}
          disabled={!file || !meterId || !preview || (progress !== undefined && !stored && !error)}
        >
          Store this file on the meter
        </button>
        {!meterId && <p className="muted small">Choose a meter first.</p>}
        {progress !== undefined && (
          <p>
            <label>
              Upload progress <progress max={1} value={progress} aria-label="upload progress" />{' '}
              {pct(progress)}
            </label>
          </p>
        )}
        {stored && (
          <div role="status" data-testid="stored">
            <p className="status-ok">
              {stored.already_ingested
                ? 'Already stored: this file’s content was uploaded before; nothing changed.'
                : `Stored: ${count(Number(stored.stored_hours ?? stored.stored ?? 0))} hours.`}
            </p>
            <Checks checks={(stored.checks as Check[] | undefined) ?? []} />
            <Link href={`/systems/${systemId}`}>See it on the system page</Link>
          </div>
        )}
      </Section>
    </>
  );
}
