import { z } from 'zod';
import { InputError, type Check } from '../core/index.ts';
import type { Ports } from './ports.ts';
import type { Registry } from './registry-port.ts';
import { presentEnrolment, presentMeter, presentOrg, presentSite } from './registry.ts';
import { dbInput, idInput, organisationOf } from './registry-open.ts';
import { scopeRegistry } from './scope.ts';
import { defineUseCase } from './use-case.ts';

// Reading the registry back one kind at a time (issue 11: the API's GET routes; the CLI has `systems` and
// `system show`). Run with an actor, every read sees only the actor's organisation (src/app/scope.ts).

const db = dbInput;
const id = idInput;

async function registryOf(ports: Ports, target: string | undefined): Promise<Registry> {
  if (!ports.registry) throw new Error('this app was built without a registry (src/main.ts passes one)');
  return scopeRegistry(await ports.registry.open(target), ports.actor);
}

const none = [] as Check[];

export const organisationsUseCase = defineUseCase({
  name: 'organisations',
  summary: 'List the registered organisations (an API caller sees its own)',
  input: z.object({ db }).strict(),
  defaults: {},
  async run(i, { ports }) {
    return { organisations: await (await registryOf(ports, i.db)).listOrganisations(), checks: none };
  },
  present: (r) => ({ organisations: r.organisations.map(presentOrg), ok: true, checks: r.checks }),
});

export const organisationUseCase = defineUseCase({
  name: 'organisation',
  summary: 'One organisation, with its accounts',
  input: z.object({ db, org: id.meta({ description: 'organisation id or name' }) }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const registry = await registryOf(ports, i.db);
    const organisation = await organisationOf(registry, i.org);
    return { organisation, accounts: await registry.listAccounts(organisation.id), checks: none };
  },
  present: (r) => ({
    ...presentOrg(r.organisation),
    accounts: r.accounts.map((a) => ({ id: a.id, name: a.name, is_default: a.isDefault })),
    ok: true,
    checks: r.checks,
  }),
});

export const sitesUseCase = defineUseCase({
  name: 'sites',
  summary: 'List the registered sites (of one organisation when given)',
  input: z.object({ db, org: id.optional() }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const registry = await registryOf(ports, i.db);
    const org = i.org === undefined ? undefined : await organisationOf(registry, i.org);
    return { sites: await registry.listSites(org ? { organisationId: org.id } : {}), checks: none };
  },
  present: (r) => ({ sites: r.sites.map(presentSite), ok: true, checks: r.checks }),
});

export const siteUseCase = defineUseCase({
  name: 'site',
  summary: 'One site',
  input: z.object({ db, site: id }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const site = await (await registryOf(ports, i.db)).getSite(i.site);
    if (!site) throw new InputError(`no site ${i.site}`, { path: ['site'], value: i.site });
    return { site, checks: none };
  },
  present: (r) => ({ ...presentSite(r.site), ok: true, checks: r.checks }),
});

export const metersUseCase = defineUseCase({
  name: 'meters',
  summary: "A system's meters",
  input: z.object({ db, system: id }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const registry = await registryOf(ports, i.db);
    if (!(await registry.getSystem(i.system)))
      throw new InputError(`no system ${i.system}`, { path: ['system'], value: i.system });
    return { meters: await registry.listMeters(i.system), checks: none };
  },
  present: (r) => ({ meters: r.meters.map(presentMeter), ok: true, checks: r.checks }),
});

export const meterUseCase = defineUseCase({
  name: 'meter',
  summary: 'One meter',
  input: z.object({ db, meter: id }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const registry = await registryOf(ports, i.db);
    const missing = () => new InputError(`no meter ${i.meter}`, { path: ['meter'], value: i.meter });
    if (!ports.intervals) throw new Error('this app was built without an interval store');
    let systemId: string;
    try {
      systemId = (await ports.intervals.meter(i.meter)).systemId;
    } catch (error) {
      if (error instanceof InputError) throw missing();
      throw error;
    }
    const meter = (await registry.listMeters(systemId)).find((m) => m.id === i.meter);
    if (!meter) throw missing();
    return { meter, checks: none };
  },
  present: (r) => ({ ...presentMeter(r.meter), ok: true, checks: r.checks }),
});

export const enrolmentsUseCase = defineUseCase({
  name: 'enrolments',
  summary: "A system's enrolments in programs",
  input: z.object({ db, system: id }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const registry = await registryOf(ports, i.db);
    if (!(await registry.getSystem(i.system)))
      throw new InputError(`no system ${i.system}`, { path: ['system'], value: i.system });
    const enrolments = [];
    for (const e of await registry.listEnrolments(i.system)) {
      const kept = (await registry.listAudit({ entityId: e.id })).filter(
        (a) => a.action === 'enrolment.checks',
      );
      const detail = (kept.at(-1)?.detail ?? {}) as Record<string, unknown>;
      enrolments.push({ e, detail });
    }
    return { enrolments, checks: none };
  },
  present: (r) => ({
    enrolments: r.enrolments.map(({ e, detail }) =>
      presentEnrolment(e, {
        pilot: detail.pilot === true,
        sizeClass: typeof detail.sizeClass === 'string' ? detail.sizeClass : null,
        carried: Array.isArray(detail.carried) ? (detail.carried as Check[]) : [],
      }),
    ),
    ok: true,
    checks: r.checks,
  }),
});
