import { InputError } from '../core/index.ts';
import type { IntervalStore } from './interval-port.ts';
import type { Ports } from './ports.ts';
import type { BatchRecord, IssuanceRecord, LedgerStore, TransferRecord } from './ledger-port.ts';
import type {
  EnergySumsRecord,
  Registry,
  RegistryAccess,
  SiteRecord,
  StoredAuditRecord,
  SystemRecord,
} from './registry-port.ts';

// Who may see and do what (issue 11, docs/api.md "Roles"). Scoping lives here, in the application layer,
// not in the HTTP routes: a use case run with an `actor` in its ports opens a Registry (and an interval store)
// that only sees the actor's organisation, so no route can forget a filter. Another organisation's records
// answer exactly as records that do not exist (undefined, an empty list, "no system X"), never their data.

export const ROLES = ['admin', 'aggregator', 'installer', 'monitor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Who calls: an API token's organisation (null for admin: every organisation), role and id. */
export interface Actor {
  /** The token's organisation; null for an admin (the registry operator sees every organisation). */
  organisationId: string | null;
  role: Role;
  tokenId: string;
  /** A monitor's assigned systems (it sees only these); null for the other roles. */
  systemIds: readonly string[] | null;
}

/** The actor as the audit log and `created_by` name it: `token:<id>` (never the token itself). */
export const actorName = (actor: Actor): string => `token:${actor.tokenId}`;

/** A call the actor's role may not make (HTTP 403). Not an InputError: the input is fine, the caller is not. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
  constructor(
    readonly role: Role,
    readonly action: string,
  ) {
    super(`role ${role} may not ${action}`);
  }
}

// What each role may run, by use-case name. Reading (calculations, programs, the registry's records within
// the actor's scope) is every role's; the rest is listed per role (issue 11: admin is the registry operator
// and alone withdraws; aggregators run their organisation's systems and certificates; installers register and
// upload; monitors attest; viewers only read). A use case in no list is the admin's alone (fail closed). The
// issue-10 names are listed ahead of their use cases so that adding their routes needs no change here.
const READ = new Set([
  'programs',
  'program',
  'calc',
  'scop',
  'estimate',
  'evaluate',
  'energy',
  'fluid',
  'convert',
  'systems',
  'systemShow',
  'data',
  'dataSeries',
  'systemMinutes',
  'organisations',
  'organisation',
  'sites',
  'site',
  'meters',
  'meter',
  'enrolments',
  'issuances',
  'issuanceShow',
  'certificates',
  'certificateShow',
  'transfers',
  'ledgerVerify',
  'export',
  'portfolio',
]);
const REGISTER = ['siteAdd', 'systemAdd', 'meterAdd', 'ingest'];
const MAY: Readonly<Record<Exclude<Role, 'admin'>, ReadonlySet<string>>> = {
  aggregator: new Set([
    ...REGISTER,
    'enrol',
    'registerFile',
    'issue',
    'transfer',
    'transferDecide',
    'retire',
    'accountAdd',
    'accountAllow',
  ]),
  installer: new Set(REGISTER),
  monitor: new Set(['attest']),
  viewer: new Set(),
};

/** A use case that only reads (or computes): no audit entry for a call of it. */
export const readsOnly = (name: string): boolean => READ.has(name);

/** Whether `role` may run the use case `name` (admin: every one). */
export function mayRun(role: Role, name: string): boolean {
  if (role === 'admin') return true;
  return READ.has(name) || MAY[role].has(name);
}

/** Throws a ForbiddenError unless `actor` may run `name`. */
export function assertMayRun(actor: Actor, name: string): void {
  if (!mayRun(actor.role, name)) throw new ForbiddenError(actor.role, `run ${name}`);
}

const SCOPED = Symbol('scoped registry');

/** The sums of no stored hour (what a meter outside the view shows). */
const NO_SUMS: EnergySumsRecord = {
  intervals: 0,
  heatWh: 0,
  coolWh: 0,
  defrostWh: 0,
  transientWh: 0,
  excludedWh: 0,
  elecWh: 0,
  excludedElecWh: 0,
  coverageS: 0,
  uncertaintyWh: 0,
};

/** What the actor sees: every organisation (admin), one organisation, or a monitor's assigned systems. */
interface View {
  org: string | null;
  systems: ReadonlySet<string> | null;
}

const viewOf = (actor: Actor): View => ({
  org: actor.role === 'admin' ? null : actor.organisationId,
  systems: actor.role === 'monitor' ? new Set(actor.systemIds ?? []) : null,
});

/** An actor that is not an admin must have an organisation (a token's row always names one). */
function checkedView(actor: Actor): View {
  const view = viewOf(actor);
  if (actor.role !== 'admin' && view.org === null)
    throw new Error(`actor ${actor.tokenId} (${actor.role}) has no organisation`);
  return view;
}

function systemVisible(view: View, s: SystemRecord | undefined): s is SystemRecord {
  if (!s) return false;
  if (view.systems) return view.systems.has(s.id);
  return view.org === null || s.organisationId === view.org;
}

/**
 * The registry as `actor` may see it. Reads outside the actor's view answer as absent; creates outside it
 * are refused as if the parent did not exist (an InputError at the parent's field, the use case's words);
 * a create the role may not make at all is a ForbiddenError. `meterSystem` finds a meter's system (the
 * Registry port has no meter lookup): without it a meter's uploads and sums are shown only for meters the
 * scoped registry itself listed.
 */
export function scopeRegistry(
  registry: Registry,
  actor: Actor | undefined,
  meterSystem?: (meterId: string) => Promise<string | undefined>,
): Registry {
  if (!actor || (registry as Registry & { [SCOPED]?: true })[SCOPED]) return registry;
  const view = checkedView(actor);
  if (view.org === null && !view.systems) return registry;
  const seenMeters = new Set<string>();
  const seen = new Set<string>();
  const scoped = (r: Registry): Registry => {
    const getSystem = async (id: string) => {
      const s = await r.getSystem(id);
      return systemVisible(view, s) ? s : undefined;
    };
    const siteVisible = async (s: SiteRecord | undefined): Promise<boolean> => {
      if (!s) return false;
      if (view.systems) {
        for (const id of view.systems) if ((await r.getSystem(id))?.siteId === s.id) return true;
        return false;
      }
      return s.organisationId === view.org;
    };
    const meterVisible = async (meterId: string): Promise<boolean> => {
      if (seenMeters.has(meterId)) return true;
      const systemId = meterSystem ? await meterSystem(meterId) : undefined;
      return systemId !== undefined && (await getSystem(systemId)) !== undefined;
    };
    // A monitor sees the audit entries of what it can see (its systems, and their meters, enrolments and
    // uploads as listed to it); the others those of their organisation.
    const auditVisible = (e: StoredAuditRecord) =>
      view.systems ? view.systems.has(e.entityId) || seen.has(e.entityId) : e.organisationId === view.org;
    const wrapped: Registry & { [SCOPED]: true } = {
      [SCOPED]: true,
      dialect: r.dialect,
      target: r.target,
      migrations: r.migrations,
      transaction: (fn) => r.transaction((tx) => fn(scoped(tx))),
      createOrganisation: () => Promise.reject(new ForbiddenError(actor.role, 'register organisations')),
      getOrganisation: async (id) => (id === view.org ? r.getOrganisation(id) : undefined),
      listOrganisations: async () => (await r.listOrganisations()).filter((o) => o.id === view.org),
      listAccounts: async (organisationId) =>
        organisationId === view.org ? r.listAccounts(organisationId) : [],
      createSite: (a, input) => {
        if (view.systems) return Promise.reject(new ForbiddenError(actor.role, 'register sites'));
        if (input.organisationId !== view.org)
          return Promise.reject(
            new InputError(`no organisation ${input.organisationId}`, {
              path: ['org'],
              value: input.organisationId,
            }),
          );
        return r.createSite(a, input);
      },
      getSite: async (id) => {
        const s = await r.getSite(id);
        return (await siteVisible(s)) ? s : undefined;
      },
      listSites: async (filter) => {
        const all = await r.listSites({
          ...filter,
          ...(view.org === null || view.systems ? {} : { organisationId: view.org }),
        });
        const out: SiteRecord[] = [];
        for (const s of all) if (await siteVisible(s)) out.push(s);
        return out;
      },
      createSystem: async (a, input) => {
        if (view.systems) throw new ForbiddenError(actor.role, 'register systems');
        if (!(await siteVisible(await r.getSite(input.siteId))))
          throw new InputError(`no site ${input.siteId}`, { path: ['site'], value: input.siteId });
        return r.createSystem(a, input);
      },
      getSystem,
      listSystems: async (filter) => {
        const all = await r.listSystems({
          ...filter,
          ...(view.org === null || view.systems ? {} : { organisationId: view.org }),
        });
        return all.filter((s) => systemVisible(view, s));
      },
      createMeter: async (a, input) => {
        if (view.systems) throw new ForbiddenError(actor.role, 'register meters');
        if (!(await getSystem(input.systemId)))
          throw new InputError(`no system ${input.systemId}`, { path: ['system'], value: input.systemId });
        return r.createMeter(a, input);
      },
      listMeters: async (systemId) => {
        if (!(await getSystem(systemId))) return [];
        const meters = await r.listMeters(systemId);
        for (const m of meters) seenMeters.add(m.id);
        for (const m of meters) seen.add(m.id);
        return meters;
      },
      createEnrolment: async (a, input) => {
        if (view.systems) throw new ForbiddenError(actor.role, 'enrol systems');
        if (!(await getSystem(input.systemId)))
          throw new InputError(`no system ${input.systemId}`, { path: ['system'], value: input.systemId });
        return r.createEnrolment(a, input);
      },
      listEnrolments: async (systemId) => {
        if (systemId !== undefined && !(await getSystem(systemId))) return [];
        const all = await r.listEnrolments(systemId);
        const enrolments = [];
        for (const e of all) if (systemId !== undefined || (await getSystem(e.systemId))) enrolments.push(e);
        for (const e of enrolments) seen.add(e.id);
        return enrolments;
      },
      listUploads: async (meterId) => {
        if (!(await meterVisible(meterId))) return [];
        const uploads = await r.listUploads(meterId);
        for (const u of uploads) seen.add(u.id);
        return uploads;
      },
      sumIntervals: async (scope, fromMs, toMs) => {
        const visible =
          'meterId' in scope
            ? await meterVisible(scope.meterId)
            : (await getSystem(scope.systemId)) !== undefined;
        return visible ? r.sumIntervals(scope, fromMs, toMs) : NO_SUMS;
      },
      appendAudit: (entry) => r.appendAudit(entry),
      listAudit: async (filter) => (await r.listAudit(filter)).filter(auditVisible),
      // The portfolio (src/store/portfolio.ts) filters in SQL: the view's organisation, or a monitor's systems
      // (any organisation's) without certificates, which a monitor neither holds nor sees.
      portfolio: (filter, page) =>
        r.portfolio(
          view.systems
            ? {
                organisationId: null,
                systemIds: [...view.systems].filter((id) => filter.systemIds?.includes(id) ?? true),
                certificates: false,
              }
            : {
                organisationId: view.org,
                systemIds:
                  filter.organisationId !== null && filter.organisationId !== view.org
                    ? []
                    : filter.systemIds,
                certificates: filter.certificates,
              },
          page,
        ),
      ...scopedLedger(r, view, actor, getSystem),
    };
    return wrapped;
  };
  return scoped(registry);
}

/**
 * The ledger as the actor may see it (issue 10's records under issue 11's scope): issuances, attestations and
 * sums of the systems it sees; accounts of its organisation to hold, allow and list, while any account can be
 * named as a transfer's receiver (an account id is an address); batches held by its accounts or moving to or
 * from them; transfers from or to its accounts. A monitor sees the issuances and attestations of its systems
 * and no holdings. Ledger verification stays whole (it proves the chain), its balances only the actor's.
 */
function scopedLedger(
  r: Registry,
  view: View,
  actor: Actor,
  getSystem: (id: string) => Promise<SystemRecord | undefined>,
): LedgerStore {
  const accountOrg = new Map<string, string | undefined>();
  const orgOfAccount = async (id: string) => {
    if (!accountOrg.has(id)) accountOrg.set(id, (await r.getAccount(id))?.organisationId);
    return accountOrg.get(id);
  };
  const ownAccount = async (id: string) => !view.systems && (await orgOfAccount(id)) === view.org;
  const transferTouches = async (t: TransferRecord) =>
    (await ownAccount(t.fromAccountId)) || (await ownAccount(t.toAccountId));
  const batchVisible = async (b: BatchRecord | undefined): Promise<boolean> => {
    if (!b) return false;
    if (await ownAccount(b.accountId)) return true;
    if (b.status !== 'pending') return false;
    for (const t of await r.listTransfers({ status: 'pending' }))
      if (t.batchId === b.id && (await transferTouches(t))) return true;
    return false;
  };
  const issuanceVisible = async (i: IssuanceRecord | undefined): Promise<boolean> =>
    i !== undefined && (await getSystem(i.systemId)) !== undefined;
  // The issuance (provenance) of a batch the actor holds, or that moves to or from it, follows the batch
  // (issue 10: "the issuance id and provenance follow every part"), though its system stays unseen.
  const issuanceHeld = async (i: IssuanceRecord): Promise<boolean> => {
    if (view.systems) return false;
    for (const b of await r.listBatches({ issuanceId: i.id })) if (await batchVisible(b)) return true;
    return false;
  };
  const enrolmentVisible = async (enrolmentId: string) => {
    const e = (await r.listEnrolments()).find((x) => x.id === enrolmentId);
    return e !== undefined && (await getSystem(e.systemId)) !== undefined;
  };
  const noAccount = (id: string, path: string) =>
    new InputError(`no account ${id}`, { path: [path], value: id });
  return {
    createAccount: async (a, input) => {
      if (view.systems) throw new ForbiddenError(actor.role, 'add accounts');
      if (input.organisationId !== view.org)
        throw new InputError(`no organisation ${input.organisationId}`, {
          path: ['org'],
          value: input.organisationId,
        });
      return r.createAccount(a, input);
    },
    getAccount: async (id) => {
      const account = await r.getAccount(id);
      if (!account || view.systems) return undefined;
      if (account.organisationId === view.org) return account;
      // Another organisation's account is an address: its id, name and organisation, and of whom it allows
      // only the actor's own accounts (what a transfer to it shows anyway: immediate, or pending), so that a
      // receiver's allow-list is honoured for the sender without telling it whom else the receiver allows.
      const allowsFrom: string[] = [];
      for (const from of account.allowsFrom) if (await ownAccount(from)) allowsFrom.push(from);
      return { ...account, allowsFrom };
    },
    allowTransfers: async (a, input) => {
      if (!(await ownAccount(input.accountId))) throw noAccount(input.accountId, 'account');
      return r.allowTransfers(a, input);
    },
    periodSums: async (systemIds, fromMs, toMs, asOfMs) => {
      const ids = [];
      for (const id of systemIds) if (await getSystem(id)) ids.push(id);
      return r.periodSums(ids, fromMs, toMs, asOfMs);
    },
    uploadsInRange: async (systemId, fromMs, toMs, asOfMs) =>
      (await getSystem(systemId)) ? r.uploadsInRange(systemId, fromMs, toMs, asOfMs) : [],
    claimIssuance: async (a, input) => {
      if (!(await getSystem(input.systemId)))
        throw new InputError(`no system ${input.systemId}`, { path: ['system'], value: input.systemId });
      return r.claimIssuance(a, input);
    },
    getIssuance: async (id) => {
      const i = await r.getIssuance(id);
      return i && ((await issuanceVisible(i)) || (await issuanceHeld(i))) ? i : undefined;
    },
    listIssuances: async (filter) => {
      const out: IssuanceRecord[] = [];
      for (const i of await r.listIssuances(filter)) if (await issuanceVisible(i)) out.push(i);
      return out;
    },
    reserveSerials: (prefix, count) => r.reserveSerials(prefix, count),
    recordAttestation: async (a, input) => {
      if (!(await enrolmentVisible(input.enrolmentId)))
        throw new InputError(`no enrolment ${input.enrolmentId}`, {
          path: ['enrolment'],
          value: input.enrolmentId,
        });
      return r.recordAttestation(a, input);
    },
    getAttestation: async (enrolmentId, period) =>
      (await enrolmentVisible(enrolmentId)) ? r.getAttestation(enrolmentId, period) : undefined,
    createBatch: (a, input) => r.createBatch(a, input),
    getBatch: async (id) => {
      const b = await r.getBatch(id);
      return (await batchVisible(b)) ? b : undefined;
    },
    listBatches: async (filter) => {
      const out: BatchRecord[] = [];
      for (const b of await r.listBatches(filter)) if (await batchVisible(b)) out.push(b);
      return out;
    },
    updateBatch: (id, change) => r.updateBatch(id, change),
    createTransfer: (a, input) => r.createTransfer(a, input),
    getTransfer: async (id) => {
      const t = await r.getTransfer(id);
      return t && (await transferTouches(t)) ? t : undefined;
    },
    listTransfers: async (filter) => {
      const out: TransferRecord[] = [];
      for (const t of await r.listTransfers(filter)) if (await transferTouches(t)) out.push(t);
      return out;
    },
    decideTransfer: (a, id, status) => r.decideTransfer(a, id, status),
    appendEvent: (a, event) => r.appendEvent(a, event),
    listEvents: async (filter) => (view.org === null ? r.listEvents(filter) : []),
    verifyLedger: async () => {
      const v = await r.verifyLedger();
      const balances = [];
      for (const b of v.balances) if (await ownAccount(b.accountId)) balances.push(b);
      // Whether the chain holds, and where it first breaks, is everyone's; what a broken row held (its
      // values, another organisation's beneficiary or account) is the registry operator's to read.
      const hidden = (seq: number | null) =>
        `${seq === null ? 'a table row' : `event ${seq}`} does not match the ledger's events (the registry operator sees the detail)`;
      return {
        ...v,
        firstBroken: v.firstBroken && { seq: v.firstBroken.seq, reason: hidden(v.firstBroken.seq) },
        problems: v.problems.map(
          () => 'a row or an event does not match (the registry operator sees the detail)',
        ),
        balances,
      };
    },
  };
}

/** Which side of a transfer the actor is on: both for the registry operator (admin, or no actor: the CLI). */
export async function transferSide(
  registry: Registry,
  actor: Actor | undefined,
  transfer: TransferRecord,
): Promise<'sender' | 'receiver' | 'both' | 'none'> {
  if (!actor || actor.role === 'admin') return 'both';
  const from = (await registry.getAccount(transfer.fromAccountId))?.organisationId;
  const to = (await registry.getAccount(transfer.toAccountId))?.organisationId;
  const sender = from === actor.organisationId;
  const receiver = to === actor.organisationId;
  return sender && receiver ? 'both' : sender ? 'sender' : receiver ? 'receiver' : 'none';
}

/** The interval store as `actor` may see it: a meter or system outside the view is "not registered". */
export function scopeIntervals(
  intervals: IntervalStore,
  registry: () => Promise<Registry>,
  actor: Actor,
): IntervalStore {
  const view = checkedView(actor);
  if (view.org === null && !view.systems)
    return {
      ...intervals,
      storeUpload: (upload, hours, options) =>
        intervals.storeUpload(upload, hours, { ...options, by: actorName(actor) }),
    };
  const systemOk = async (systemId: string) =>
    systemVisible(view, await (await registry()).getSystem(systemId));
  const meter = async (meterId: string) => {
    const m = await intervals.meter(meterId);
    if (!(await systemOk(m.systemId)))
      throw new InputError('no such meter is registered', { path: ['meter'], value: meterId });
    return m;
  };
  return {
    meter,
    system: async (systemId) => {
      if (!(await systemOk(systemId)))
        throw new InputError('no such system is registered', { path: ['system'], value: systemId });
      return intervals.system(systemId);
    },
    findUpload: async (meterId, files) => (await meter(meterId), intervals.findUpload(meterId, files)),
    overlap: async (meterId, fromMs, toMs) => (
      await meter(meterId),
      intervals.overlap(meterId, fromMs, toMs)
    ),
    storeUpload: async (upload, hours, options) => {
      await meter(upload.meterId);
      return intervals.storeUpload(upload, hours, { ...options, by: actorName(actor) });
    },
    systemHours: async (systemId, fromMs, toMs) => {
      if (!(await systemOk(systemId))) return [];
      return intervals.systemHours(systemId, fromMs, toMs);
    },
    encodeReadings: (day) => intervals.encodeReadings(day),
    systemReadings: async (systemId, fromMs, toMs) => {
      if (!(await systemOk(systemId))) return [];
      return intervals.systemReadings(systemId, fromMs, toMs);
    },
  };
}

/**
 * The ports a use case runs with for `actor`: the actor set (registry.ts's `open` scopes the Registry it
 * opens), the registry access acting in the actor's name (`created_by`, audit `actor`: `token:<id>`), and
 * the interval store scoped. The unscoped ports stay the caller's.
 */
export function scopedPorts(ports: Ports, actor: Actor): Ports {
  const { registry, intervals } = ports;
  const access: RegistryAccess | undefined = registry && {
    defaultDb: registry.defaultDb,
    actor: actorName(actor),
    open: async (db) => scopeRegistry(await registry.open(db), actor, meterSystemOf(intervals)),
  };
  return {
    ...ports,
    actor,
    ...(access ? { registry: access } : {}),
    ...(intervals && registry
      ? { intervals: scopeIntervals(intervals, () => registry.open(undefined), actor) }
      : {}),
  };
}

/** A meter's system through the (unscoped) interval store, undefined when no such meter exists. */
function meterSystemOf(intervals: IntervalStore | undefined) {
  if (!intervals) return undefined;
  return async (meterId: string) => {
    try {
      return (await intervals.meter(meterId)).systemId;
    } catch (error) {
      if (error instanceof InputError) return undefined;
      throw error;
    }
  };
}

export type ScopedKind =
  'organisation' | 'site' | 'system' | 'meter' | 'enrolment' | 'account' | 'issuance' | 'batch' | 'transfer';

/**
 * Whether the record `id` of `kind` exists for the caller of `ports` (scoped ports: within the actor's
 * view). The API answers 404 for a path id this says no to, whether it is absent or another organisation's.
 */
export async function visible(ports: Ports, kind: ScopedKind, id: string): Promise<boolean> {
  if (!ports.registry) throw new Error('this app was built without a registry');
  const registry = await ports.registry.open(undefined);
  switch (kind) {
    case 'organisation':
      return (await registry.getOrganisation(id)) !== undefined;
    case 'site':
      return (await registry.getSite(id)) !== undefined;
    case 'system':
      return (await registry.getSystem(id)) !== undefined;
    case 'enrolment':
      return (await registry.listEnrolments()).some((e) => e.id === id);
    case 'account': {
      // An account to act on (allow, hold): the actor's own, not another organisation's seen as an address.
      const account = await registry.getAccount(id);
      const actor = ports.actor;
      return (
        account !== undefined &&
        (!actor || actor.role === 'admin' || account.organisationId === actor.organisationId)
      );
    }
    case 'issuance':
      return (await registry.getIssuance(id)) !== undefined;
    case 'batch':
      return (await registry.getBatch(id)) !== undefined;
    case 'transfer':
      return (await registry.getTransfer(id)) !== undefined;
    case 'meter': {
      if (!ports.intervals) throw new Error('this app was built without an interval store');
      try {
        const m = await ports.intervals.meter(id);
        return (await registry.getSystem(m.systemId)) !== undefined;
      } catch (error) {
        if (error instanceof InputError) return false;
        throw error;
      }
    }
  }
}

/**
 * Recomputing a batch (`certificates show --verify`) reads its system's stored hours: the generator's
 * organisation (and the registry operator) may; a holder of certificates from another organisation's system
 * sees the batch and its issuance's provenance but not that system's data (HTTP 403).
 */
export async function assertMayRecompute(ports: Ports, batchId: string): Promise<void> {
  const actor = ports.actor;
  if (!actor || actor.role === 'admin' || !ports.registry) return;
  const registry = await ports.registry.open(undefined);
  const batch = await registry.getBatch(batchId);
  const issuance = batch && (await registry.getIssuance(batch.issuanceId));
  if (issuance && !(await registry.getSystem(issuance.systemId)))
    throw new ForbiddenError(actor.role, "recompute a batch of another organisation's system");
}
