import { z } from 'zod';
import { InputError, type Check } from '../core/index.ts';
import type { IssuanceRecord } from './ledger-port.ts';
import { presentBatch } from './ledger.ts';
import { dbInput, idInput, made, open, periodInput } from './registry-open.ts';
import { defineUseCase } from './use-case.ts';

// Reading issuances back (the API's GET /v1/issuances, issue 11 over issue 10's records): the issuances of
// the systems the caller sees, and one issuance by id with the batches it made. Run with an actor, the
// ledger's scope applies (src/app/scope.ts): another organisation's issuance is "no issuance", except the
// issuance of a batch the caller holds (its provenance follows the certificates).

const db = dbInput;
const id = idInput;
const periodText = periodInput;

const mwh = (wh: number) => wh / 1_000_000;

export const presentIssuance = (i: IssuanceRecord) => ({
  id: i.id,
  enrolment: i.enrolmentId,
  system: i.systemId,
  account: i.accountId,
  period: i.period,
  period_start: new Date(i.periodStart).toISOString(),
  period_end: new Date(i.periodEnd).toISOString(),
  program: i.programId,
  program_version: i.programVersion,
  method: i.method,
  energy_wh: i.energyWh,
  energy_mwh: mwh(i.energyWh),
  adjustment_wh: i.adjustmentWh,
  remainder_in_wh: i.remainderInWh,
  remainder_out_wh: i.remainderOutWh,
  certificates: i.certificates,
  unit: i.unit,
  serial_prefix: i.serialPrefix,
  code_version: i.codeVersion,
  ...made(i),
});

export const issuancesUseCase = defineUseCase({
  name: 'issuances',
  summary: 'List issuances (of one enrolment, of one period), oldest period first',
  input: z
    .object({
      db,
      enrolment: id.optional(),
      period: periodText.optional(),
    })
    .strict(),
  defaults: {},
  async run(i, { ports }) {
    const { registry } = await open(ports, i.db);
    const issuances = await registry.listIssuances({
      ...(i.enrolment === undefined ? {} : { enrolmentId: i.enrolment }),
      ...(i.period === undefined ? {} : { period: i.period }),
    });
    return { issuances, checks: [] as Check[] };
  },
  present: (r) => ({ issuances: r.issuances.map(presentIssuance), ok: true, checks: r.checks }),
});

export const issuanceShowUseCase = defineUseCase({
  name: 'issuanceShow',
  summary: 'One issuance: its figures, generation record, checks and the batches it made',
  input: z.object({ db, issuance: id }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const { registry } = await open(ports, i.db);
    const issuance = await registry.getIssuance(i.issuance);
    if (!issuance)
      throw new InputError(`no issuance ${i.issuance}`, { path: ['issuance'], value: i.issuance });
    const batches = await registry.listBatches({ issuanceId: issuance.id });
    return { issuance, batches, checks: [] as Check[] };
  },
  present: (r) => ({
    ...presentIssuance(r.issuance),
    generation: r.issuance.generation,
    issuance_checks: r.issuance.checks,
    batches: r.batches.map(presentBatch),
    ok: true,
    checks: r.checks,
  }),
});
