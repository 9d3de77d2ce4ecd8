// Shared pieces: loading and error states, checks, a data hook, a dialog.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, type Json } from './api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `deps` change; keeps the last data while reloading. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load(ac.signal).then(
      (data) => {
        if (!ac.signal.aborted) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (!ac.signal.aborted)
          setState({ error: error instanceof Error ? error : new Error(String(error)), loading: false });
      },
    );
    return () => ac.abort();
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) } as Loaded<T>;
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function ErrorBox({ error, what }: { error: Error; what?: string }) {
  const api = error instanceof ApiError ? error : undefined;
  return (
    <div className="error" role="alert">
      <strong>{what ? `Could not load ${what}` : 'Something went wrong'}</strong>
      {api?.status ? ` (HTTP ${api.status})` : ''}: {error.message}
      {api && api.fields.length > 0 && (
        <ul>
          {api.fields.map((f) => (
            <li key={f.pointer}>
              <code>{f.pointer || '/'}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {api?.requestId && <div className="muted small">request id {api.requestId}</div>}
    </div>
  );
}

/** A route that this server does not offer (404 "no route"): said plainly, not as a failure. */
export const missingRoute = (e: Error | undefined) =>
  e instanceof ApiError && e.status === 404 && /no route/.test(e.message);

export interface Check {
  code: string;
  severity: 'info' | 'warning' | 'error';
  message: string;
}

export function Checks({ checks, empty }: { checks: Check[] | undefined; empty?: string }) {
  if (!checks || checks.length === 0) return empty ? <p className="muted">{empty}</p> : null;
  return (
    <ul className="checks">
      {checks.map((c, i) => (
        <li key={`${c.code}-${i}`} className={`check ${c.severity}`}>
          <span className="badge">{c.severity}</span> <code>{c.code}</code> {c.message}
        </li>
      ))}
    </ul>
  );
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {hint && <div className="stat-hint">{hint}</div>}
    </div>
  );
}

/** A modal dialog (the native <dialog>: focus trapped, Escape closes). */
export function Dialog(props: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog ref={ref} aria-labelledby="dialog-title" onClose={props.onClose}>
      <h2 id="dialog-title">{props.title}</h2>
      {props.open && props.children}
    </dialog>
  );
}

export const checksOf = (j: Json | undefined): Check[] => (j?.checks as Check[] | undefined) ?? [];

export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · TREC`;
  }, [title]);
}
