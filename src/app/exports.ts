import { z } from 'zod';
import {
  isOk,
  exportGeneration,
  monthId,
  parsePeriod,
  type Check,
  type ExportFormat,
  type GenerationMonth as ExportRow,
} from '../core/index.ts';
import type { Generation } from './generation.ts';
import { dbInput, open, periodInput } from './registry-open.ts';
import { defineUseCase } from './use-case.ts';

// `trec export nepool-gis|m-rets|gats --period P` (issue 10): generation per registry unit and month from the
// issued periods, in the registry's upload layout (src/core/exports, docs/exports.md).

const FORMATS = ['nepool-gis', 'm-rets', 'gats'] as const;
/** The registry each format is for, as program files name it (`registry` field). */
const REGISTRY_OF: Record<ExportFormat, string> = {
  'nepool-gis': 'NEPOOL-GIS',
  'm-rets': 'M-RETS',
  gats: 'PJM-GATS',
};

export const exportInput = z
  .object({
    db: dbInput,
    format: z.enum(FORMATS, { error: `allowed choices are ${FORMATS.join(', ')}` }),
    period: periodInput,
  })
  .strict();

export interface ExportResult {
  format: ExportFormat;
  period: string;
  text: string;
  rows: number;
  issuances: number;
  checks: Check[];
}

export const exportUseCase = defineUseCase({
  name: 'export',
  summary: "Generation per registry unit and month from the issued periods, in the registry's upload layout",
  input: exportInput,
  defaults: {},
  async run(i, { ports }): Promise<ExportResult> {
    const period = parsePeriod(i.period, 'period');
    const months = new Set(period.months.map(monthId));
    const { registry } = await open(ports, i.db);
    const ledger = registry;
    const enrolments = new Map((await registry.listEnrolments()).map((e) => [e.id, e]));
    const systems = new Map((await registry.listSystems()).map((s) => [s.id, s]));
    const rows: ExportRow[] = [];
    let issuances = 0;
    for (const iss of await ledger.listIssuances()) {
      const program = ports.programs.get(iss.programId);
      if (program.registry.value !== REGISTRY_OF[i.format]) continue;
      const g = iss.generation as Generation;
      const inPeriod = g.months.filter((m) => months.has(m.month));
      if (!inPeriod.length) continue;
      issuances++;
      const enrolment = enrolments.get(iss.enrolmentId);
      const system = systems.get(iss.systemId);
      inPeriod.forEach((m) => {
        // A prior-period adjustment is certified in the period that issued it: reported in its last month.
        const adjustment = m.month === g.months.at(-1)?.month ? iss.adjustmentWh : 0;
        rows.push({
          programId: iss.programId,
          registry: program.registry.value,
          unitId: enrolment?.unitId ?? null,
          reportingUnitId: enrolment?.reportingUnitId ?? null,
          enrolmentId: iss.enrolmentId,
          systemId: iss.systemId,
          systemName: system?.name ?? iss.systemId,
          month: m.month,
          energyWh: m.energyWh + adjustment,
          unit: iss.unit === 'Dth' ? 'Dth' : 'MWh',
          btuPerMwh: program.btuPerMwh.value,
        });
      });
    }
    const out = exportGeneration(i.format, rows);
    return {
      format: i.format,
      period: period.id,
      text: out.text,
      rows: out.rows,
      issuances,
      checks: out.checks,
    };
  },
  present: (r) => ({
    format: r.format,
    period: r.period,
    rows: r.rows,
    issuances: r.issuances,
    text: r.text,
    ok: isOk(r.checks),
    checks: r.checks,
  }),
});
