// Certificates and ledger (issue 12): batches with serials, transfer and retire dialogs (POST with an
// Idempotency-Key: a retried click never acts twice), transfers, export downloads, ledger verification.
import { useState, type FormEvent } from 'react';
import { download, get, paths, post, type Json } from '../api.ts';
import { listBatches } from '../data.ts';
import { count } from '../format.ts';
import {
  Checks,
  Dialog,
  ErrorBox,
  Loading,
  missingRoute,
  Section,
  Stat,
  useLoad,
  useTitle,
  type Check,
} from '../ui.tsx';

const EXPORT_FORMATS = [
  ['gats', 'PJM-GATS'],
  ['nepool-gis', 'NEPOOL-GIS'],
  ['m-rets', 'M-RETS'],
] as const;

export default function Certificates() {
  useTitle('Certificates and ledger');
  const batches = useLoad((signal) => listBatches(signal), []);
  const ledger = useLoad((signal) => get(paths.ledgerVerify, signal), []);
  const transfers = useLoad(
    async (signal) => ((await get(paths.transfers, signal)).transfers as Json[] | undefined) ?? [],
    [],
  );
  const accounts = useLoad(async (signal) => {
    const orgs = ((await get(paths.organisations, signal)).organisations as Json[] | undefined) ?? [];
    const shown = await Promise.all(orgs.map((o) => get(paths.organisation(String(o.id)), signal)));
    return shown.flatMap((o) =>
      ((o.accounts as Json[] | undefined) ?? []).map((a): Json => ({ ...a, org: o.name as string })),
    );
  }, []);
  const [action, setAction] = useState<{ kind: 'transfer' | 'retire'; batch: Json }>();
  const [done, setDone] = useState<string>();
  const [decisionError, setDecisionError] = useState<Error>();
  const reload = () => {
    batches.reload();
    ledger.reload();
    transfers.reload();
  };
  const accountName = (id: string) => {
    const a = (accounts.data ?? []).find((x) => x.id === id);
    return a ? `${String(a.org)} · ${String(a.name)}` : id;
  };
  if (missingRoute(batches.error))
    return (
      <>
        <h1>Certificates and ledger</h1>
        <p className="muted">This server offers no certificate routes yet (issue 10’s routes).</p>
      </>
    );
  const list = batches.data ?? [];
  const sum = (st: string) => list.filter((b) => b.status === st).reduce((n, b) => n + Number(b.quantity), 0);
  return (
    <>
      <h1>Certificates and ledger</h1>
      {done && (
        <p className="status-ok" role="status">
          {done}
        </p>
      )}
      <Section title="Balance" id="balance">
        {batches.loading && !batches.data && <Loading what="the certificates" />}
        {batches.error && <ErrorBox error={batches.error} what="the certificates" />}
        <div className="stats">
          <Stat
            label="Active"
            value={<span data-testid="balance-active">{count(sum('active'))}</span>}
            hint="certificates that can move or be retired"
          />
          <Stat label="Pending transfer" value={count(sum('pending'))} />
          <Stat label="Retired" value={<span data-testid="balance-retired">{count(sum('retired'))}</span>} />
        </div>
      </Section>
      <Section title="Batches" id="batches">
        {list.length === 0 && !batches.loading && <p className="muted">No certificates.</p>}
        {list.length > 0 && (
          <div className="table-wrap" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Serials</th>
                  <th scope="col">Period</th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Account</th>
                  <th scope="col">Retired for</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((b) => (
                  <tr key={String(b.id)}>
                    <td className="serial">
                      {String(b.serial_first)}
                      <br />– {String(b.serial_last)}
                    </td>
                    <td>{String(b.vintage)}</td>
                    <td className="num">{count(Number(b.quantity), `× 1 ${String(b.unit)}`)}</td>
                    <td>{String(b.status)}</td>
                    <td className="small">{accountName(String(b.account))}</td>
                    <td className="small">
                      {b.beneficiary
                        ? `${String(b.beneficiary)}: ${String(b.reason)}${b.claim_period ? ` (${String(b.claim_period)})` : ''}`
                        : ''}
                    </td>
                    <td>
                      {b.status === 'active' && (
                        <div className="row">
                          <button
                            type="button"
                            className="secondary"
                            onClick={() => setAction({ kind: 'transfer', batch: b })}
                            aria-label={`Transfer from ${String(b.serial_first)}`}
                          >
                            Transfer
                          </button>
                          <button
                            type="button"
                            onClick={() => setAction({ kind: 'retire', batch: b })}
                            aria-label={`Retire from ${String(b.serial_first)}`}
                          >
                            Retire
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section title="Transfers" id="transfers">
        {transfers.error && <ErrorBox error={transfers.error} what="the transfers" />}
        {decisionError && <ErrorBox error={decisionError} what="the decision" />}
        {transfers.data?.length === 0 && <p className="muted">No transfers.</p>}
        {(transfers.data?.length ?? 0) > 0 && (
          <ul>
            {(transfers.data ?? []).map((t) => (
              <li key={String(t.id)}>
                {String(t.batch)}: {accountName(String(t.from_account))} → {accountName(String(t.to_account))}
                , <strong>{String(t.status)}</strong>
                {t.decided_at ? ` (${String(t.decided_at).slice(0, 10)})` : ''}
                {t.status === 'pending' && (
                  <span className="row" style={{ display: 'inline-flex', marginLeft: '0.5rem' }}>
                    {(['accept', 'reject', 'withdraw'] as const).map((d) => (
                      <button
                        key={d}
                        type="button"
                        className="secondary"
                        onClick={() => {
                          setDecisionError(undefined);
                          post(paths.decide(String(t.id), d), {}, { idempotent: true }).then(
                            () => {
                              setDone(`Transfer ${String(t.id)}: ${d}ed.`.replace('withdrawed', 'withdrawn'));
                              reload();
                            },
                            (e: unknown) => setDecisionError(e as Error),
                          );
                        }}
                      >
                        {d[0]?.toUpperCase()}
                        {d.slice(1)}
                      </button>
                    ))}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Ledger verification" id="ledger">
        {ledger.loading && !ledger.data && <Loading what="the verification" />}
        {ledger.error && <ErrorBox error={ledger.error} what="the verification" />}
        {ledger.data && (
          <>
            <p className={ledger.data.ok ? 'status-ok' : 'status-bad'} data-testid="ledger-status">
              {ledger.data.ok
                ? `Verified: ${count(Number(ledger.data.events))} events, every hash and balance recomputes.`
                : 'The ledger does not verify.'}
            </p>
            <Checks
              checks={(ledger.data.checks as Check[] | undefined)?.filter((c) => c.severity !== 'info')}
            />
            <div className="table-wrap" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col" className="num">
                      Active
                    </th>
                    <th scope="col" className="num">
                      Pending
                    </th>
                    <th scope="col" className="num">
                      Retired
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {((ledger.data.balances as Json[] | undefined) ?? []).map((b) => (
                    <tr key={`${String(b.account)}-${String(b.unit)}`}>
                      <td>{accountName(String(b.account))}</td>
                      <td className="num">{count(Number(b.active), `× 1 ${String(b.unit)}`)}</td>
                      <td className="num">{count(Number(b.pending), `× 1 ${String(b.unit)}`)}</td>
                      <td className="num">{count(Number(b.retired), `× 1 ${String(b.unit)}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Section>
      <Exports periods={[...new Set(list.map((b) => String(b.vintage)))].sort().reverse()} />
      <Dialog
        open={action?.kind === 'transfer'}
        title="Transfer certificates"
        onClose={() => setAction(undefined)}
      >
        {action && (
          <TransferForm
            batch={action.batch}
            accounts={accounts.data ?? []}
            onDone={(m) => {
              setAction(undefined);
              setDone(m);
              reload();
            }}
            onCancel={() => setAction(undefined)}
          />
        )}
      </Dialog>
      <Dialog
        open={action?.kind === 'retire'}
        title="Retire certificates"
        onClose={() => setAction(undefined)}
      >
        {action && (
          <RetireForm
            batch={action.batch}
            onDone={(m) => {
              setAction(undefined);
              setDone(m);
              reload();
            }}
            onCancel={() => setAction(undefined)}
          />
        )}
      </Dialog>
    </>
  );
}

function useSubmit(act: (form: FormData) => Promise<string>, onDone: (m: string) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    act(new FormData(e.currentTarget)).then(onDone, (err: unknown) => {
      setError(err as Error);
      setBusy(false);
    });
  };
  return { busy, error, submit };
}

const qty = (v: FormDataEntryValue | null) => (typeof v !== 'string' || v === '' ? undefined : Number(v));
const text = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v.trim() : '');

function TransferForm({
  batch,
  accounts,
  onDone,
  onCancel,
}: {
  batch: Json;
  accounts: Json[];
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const { busy, error, submit } = useSubmit(async (f) => {
    const r = await post(
      paths.transfer(String(batch.id)),
      { to: text(f.get('to')), quantity: qty(f.get('quantity')) },
      { idempotent: true },
    );
    return r.transfer
      ? `Transfer ${String(r.transfer.id)} waits for the receiving account to accept it.`
      : 'Transferred.';
  }, onDone);
  return (
    <form onSubmit={submit}>
      <p className="small">
        From <span className="serial">{String(batch.serial_first)}</span>: {count(Number(batch.quantity))}{' '}
        certificates available.
      </p>
      <label>
        To account (id)
        <input name="to" required list="accounts" autoComplete="off" />
        <datalist id="accounts">
          {accounts
            .filter((a) => a.id !== batch.account)
            .map((a) => (
              <option key={String(a.id)} value={String(a.id)}>
                {String(a.org)} · {String(a.name)}
              </option>
            ))}
        </datalist>
      </label>
      <label>
        Quantity <span className="unit">(certificates; empty: the whole batch)</span>
        <input name="quantity" type="number" min={1} max={Number(batch.quantity)} step={1} />
      </label>
      {error && <ErrorBox error={error} />}
      <div className="row">
        <button type="submit" disabled={busy}>
          Transfer
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function RetireForm({
  batch,
  onDone,
  onCancel,
}: {
  batch: Json;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const { busy, error, submit } = useSubmit(async (f) => {
    const claim = text(f.get('claimPeriod'));
    const r = await post(
      paths.retire(String(batch.id)),
      {
        quantity: qty(f.get('quantity')),
        beneficiary: text(f.get('beneficiary')),
        reason: text(f.get('reason')),
        ...(claim ? { claimPeriod: claim } : {}),
      },
      { idempotent: true },
    );
    return `Retired ${count(Number(r.quantity))} certificates (${String(r.serial_first)} – ${String(r.serial_last)}) for ${String(r.beneficiary)}.`;
  }, onDone);
  return (
    <form onSubmit={submit}>
      <p className="small">
        From <span className="serial">{String(batch.serial_first)}</span>: {count(Number(batch.quantity))}{' '}
        certificates available. Retirement is final.
      </p>
      <label>
        Quantity <span className="unit">(certificates; empty: the whole batch)</span>
        <input name="quantity" type="number" min={1} max={Number(batch.quantity)} step={1} />
      </label>
      <label>
        Beneficiary
        <input name="beneficiary" required />
      </label>
      <label>
        Reason
        <input name="reason" required defaultValue="voluntary claim" />
      </label>
      <label>
        Claim period <span className="unit">(YYYY-MM or YYYY-Qn, optional)</span>
        <input
          name="claimPeriod"
          pattern="\d{4}-(0[1-9]|1[0-2]|Q[1-4])"
          defaultValue={String(batch.vintage ?? '')}
        />
      </label>
      {error && <ErrorBox error={error} />}
      <div className="row">
        <button type="submit" disabled={busy}>
          Retire
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Exports({ periods }: { periods: string[] }) {
  const [error, setError] = useState<Error>();
  const [period, setPeriod] = useState('');
  const chosen = period || periods[0] || '';
  return (
    <Section title="Exports for the registries" id="exports">
      <p className="small muted">
        Generation per registry unit and month from the issued periods, as CSV in each registry’s upload
        layout.
      </p>
      <div className="row">
        <label className="row">
          Period
          <select value={chosen} onChange={(e) => setPeriod(e.target.value)}>
            {periods.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        {EXPORT_FORMATS.map(([f, label]) => (
          <button
            key={f}
            type="button"
            className="secondary"
            disabled={!chosen}
            onClick={() => {
              setError(undefined);
              download(paths.exportCsv(f, chosen), `${f}-${chosen}.csv`).catch((e: unknown) =>
                setError(e as Error),
              );
            }}
          >
            {label} CSV
          </button>
        ))}
      </div>
      {error && <ErrorBox error={error} what="the export" />}
    </Section>
  );
}
