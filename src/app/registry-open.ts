import { z } from 'zod';
import { InputError } from '../core/index.ts';
import type { Ports } from './ports.ts';
import { scopeRegistry } from './scope.ts';
import type {
  OrganisationRecord,
  Registry,
  RegistryAction,
  SiteRecord,
  SystemRecord,
} from './registry-port.ts';

// Opening the registry for a use case, and finding what a command names: shared by the registration,
// issuance and ledger use cases.

export interface Opened {
  registry: Registry;
  action: () => RegistryAction;
}

/** The registry of `db` (or the configured default), and the action stamp (who, when, ids) of this call. */
export async function open(ports: Ports, target: string | undefined): Promise<Opened> {
  const access = ports.registry;
  const clock = ports.clock;
  const ids = ports.ids;
  if (!access || !clock || !ids)
    throw new Error(
      'this app was built without a registry: the composition root must give registry, clock and ids',
    );
  // An actor (an API caller) sees only its organisation (src/app/scope.ts); without one, everything.
  const registry = scopeRegistry(await access.open(target), ports.actor);
  return { registry, action: () => ({ by: access.actor, at: clock.now(), ids }) };
}

export const instant = (ms: number) => new Date(ms).toISOString();

/** An organisation by id, or by its (unique) name. */
export async function organisationOf(registry: Registry, ref: string): Promise<OrganisationRecord> {
  const byId = await registry.getOrganisation(ref);
  if (byId) return byId;
  const all = await registry.listOrganisations();
  const byName = all.find((o) => o.name === ref);
  if (byName) return byName;
  throw new InputError(
    `no organisation ${ref}${all.length ? `; known: ${all.map((o) => `${o.id} (${o.name})`).join(', ')}` : ' (none registered yet: trec org add)'}`,
    { path: ['org'], value: ref },
  );
}

export async function siteOf(registry: Registry, ref: string): Promise<SiteRecord> {
  const site = await registry.getSite(ref);
  if (!site) throw new InputError(`no site ${ref}`, { path: ['site'], value: ref });
  return site;
}

export async function systemOf(registry: Registry, ref: string): Promise<SystemRecord> {
  const system = await registry.getSystem(ref);
  if (!system) throw new InputError(`no system ${ref}`, { path: ['system'], value: ref });
  return system;
}

export const made = (r: { createdBy: string; createdAt: number }) => ({
  created_by: r.createdBy,
  created_at: instant(r.createdAt),
});

/** The `db` input of every registry use case. */
export const dbInput = z
  .string()
  .min(1)
  .optional()
  .meta({ description: 'the database: a SQLite file or a postgres:// URL' });

/** An id the command names. */
export const idInput = z.string().trim().min(1);

/** A reporting period as typed: a month or a quarter (core/issuance/period.ts parses it). */
export const periodInput = z
  .string()
  .trim()
  .regex(
    /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/,
    'expected a month YYYY-MM or a quarter YYYY-Qn (2026-07, 2026-Q3)',
  );
