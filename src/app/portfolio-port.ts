import type { Check } from '../core/index.ts';
import type { BatchStatus, IssuanceRecord, PeriodSumsRecord } from './ledger-port.ts';
import type { EnrolmentRecord, SiteRecord, SystemRecord } from './registry-port.ts';

/**
 * The portfolio read (issue 12: GET /v1/portfolio): one page of systems with what the portfolio shows of each,
 * read in a number of queries that does not grow with the number of systems (src/store/portfolio.ts). Energies
 * are integer Wh, instants ms since 1970-01-01T00:00:00Z.
 */

/** Which systems: of one organisation, these systems (a monitor's), or all (null, null: the registry operator). */
export interface PortfolioFilter {
  organisationId: string | null;
  systemIds: readonly string[] | null;
  /** Whether certificate holdings (batches) are read: a monitor holds and sees none. */
  certificates: boolean;
}

/** One system's stored energy in one local month of its site's zone (from the daily rollup). */
export interface PortfolioMonthRow {
  systemId: string;
  /** `YYYY-MM` in the site's time zone. */
  month: string;
  /** The month's length in hours (743, 744 or 745 across a DST change). */
  monthHours: number;
  /** Days of the month with stored hours, distinct stored hours, and those with an error-severity check. */
  days: number;
  hours: number;
  errorHours: number;
  heatWh: number;
  coolWh: number;
  elecWh: number;
  /** Seconds of heat-meter data in hours without an error check: what issuance counts as coverage. */
  cleanHeatCoverageS: number;
}

/** Certificates of batches grouped by issuance and status; `heldByOwner`: held by the system's organisation. */
export interface PortfolioHolding {
  issuanceId: string;
  status: Exclude<BatchStatus, 'split'>;
  heldByOwner: boolean;
  quantity: number;
}

/** Issuances of the whole scope by period and program. */
export interface PortfolioPeriodRow {
  period: string;
  programId: string;
  unit: string;
  issuances: number;
  certificates: number;
  energyWh: number;
  adjustmentWh: number;
}

/** Batches of the whole scope by period, program and status. */
export interface PortfolioPeriodHolding {
  period: string;
  programId: string;
  unit: string;
  status: Exclude<BatchStatus, 'split'>;
  heldByOwner: boolean;
  quantity: number;
}

export interface PortfolioRows {
  /** The page: systems in id order after `after`, at most `limit`. */
  systems: { system: SystemRecord; site: SiteRecord }[];
  /** The last id of the page when more systems follow, else null. */
  nextAfter: string | null;
  meters: { id: string; systemId: string; kind: 'heat' | 'electricity' }[];
  enrolments: EnrolmentRecord[];
  months: PortfolioMonthRow[];
  /** The page's issuances, without their generation record and checks (`generation` null, `checks` []). */
  issuances: IssuanceRecord[];
  /** The page's batches (split parents left out); null when certificates are not read. */
  holdings: PortfolioHolding[] | null;
  /** Monitor attestations of the page's enrolments. */
  attestations: { enrolmentId: string; period: string }[];
  /** Uploads of the page's meters that carry a check. */
  uploadChecks: {
    systemId: string;
    meterId: string;
    uploadId: string;
    fileName: string;
    rangeStart: number | null;
    checks: Check[];
  }[];
  /** What registration kept of the page's systems and enrolments: the last `<entity>.checks` audit entry's detail. */
  kept: { entityId: string; detail: Record<string, unknown> }[];
  /** The whole scope (every page). */
  totals: { systems: number; heatWh: number; coolWh: number; elecWh: number };
  /** The whole scope's stored energy by local month (each system's month of its own site's zone). */
  scopeMonths: { month: string; systems: number; heatWh: number; coolWh: number; elecWh: number }[];
  byPeriod: PortfolioPeriodRow[];
  byPeriodHoldings: PortfolioPeriodHolding[] | null;
  /** Period sums (the issuer's, ledger-port.ts) of the page's systems only: any other id is left out. */
  periodSums(
    systemIds: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<Map<string, PeriodSumsRecord>>;
}

export interface PortfolioStore {
  /** One page of the portfolio of `filter`'s systems: `limit` systems after the id `after`. */
  portfolio(filter: PortfolioFilter, page: { limit: number; after?: string }): Promise<PortfolioRows>;
}
