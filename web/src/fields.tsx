// Number and choice inputs whose state lives in the URL query (a result is a shareable link).
import { useEffect, useRef, useState } from 'react';
import { navigate, useLocation } from './router.tsx';

export interface FieldSpec {
  name: string;
  label: string;
  unit?: string;
  /** Shown only for these methods (calculator). */
  when?: (values: Record<string, string>) => boolean;
  choices?: { value: string; label: string }[];
  placeholder?: string;
  step?: string;
}

/** The page's query as a record, and a setter that replaces the URL (no history entry per keystroke). */
export function useQueryState(): [Record<string, string>, (name: string, value: string) => void] {
  const { search } = useLocation();
  const values = Object.fromEntries(search.entries());
  const set = (name: string, value: string) => {
    const q = new URLSearchParams(window.location.search);
    if (value === '') q.delete(name);
    else q.set(name, value);
    const s = q.toString();
    navigate(`${window.location.pathname}${s ? `?${s}` : ''}`, true);
  };
  return [values, set];
}

/** `value` after it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function Fields({
  specs,
  values,
  set,
}: {
  specs: FieldSpec[];
  values: Record<string, string>;
  set: (name: string, value: string) => void;
}) {
  return (
    <form className="fields" onSubmit={(e) => e.preventDefault()} aria-label="inputs">
      {specs
        .filter((s) => !s.when || s.when(values))
        .map((s) => (
          <label key={s.name}>
            <span>
              {s.label} {s.unit && <span className="unit">({s.unit})</span>}
            </span>
            {s.choices ? (
              <select
                name={s.name}
                value={values[s.name] ?? ''}
                onChange={(e) => set(s.name, e.target.value)}
              >
                {s.choices.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                name={s.name}
                inputMode="decimal"
                value={values[s.name] ?? ''}
                placeholder={s.placeholder}
                onChange={(e) => set(s.name, e.target.value.trim())}
              />
            )}
          </label>
        ))}
    </form>
  );
}

/** The numbers of `values` named in `names` (text that is not a number is passed as text: the API says why). */
export function numbers(values: Record<string, string>, names: string[]): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const n of names) {
    const v = values[n];
    if (v === undefined || v === '') continue;
    const x = Number(v.replace(/,/g, ''));
    out[n] = Number.isFinite(x) ? x : v;
  }
  return out;
}
