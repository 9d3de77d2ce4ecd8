import type { FluidKind } from '../fluids/types.ts';
import type { Program } from '../programs/schema.ts';

/**
 * What an aggregator registers: a system, the meters on it and its enrolments in programs. Plain data as the
 * registration use cases pass it in (SI inside: W; dates as ISO calendar dates `YYYY-MM-DD` in the site's
 * time zone). The rules in this folder judge it against the program rule files; they do no I/O.
 *
 * Date ranges are half-open, as `trec data --from/--to` are: a start (or installation) date is the first day
 * counted, an end (or removal) date is the first day NOT counted, and null is still open. So a meter removed on
 * 2025-06-01 and its replacement installed on 2025-06-01 do not overlap, nor do an enrolment ending on
 * 2026-01-01 and the next one starting that day.
 */

/**
 * A system's technology as installers name it (by source and sink). Which of a program's technology classes
 * (`air-source`, `ground-source`, `water-source`, `air-to-water`) each belongs to: see technology.ts.
 */
export const REGISTRATION_TECHNOLOGIES = [
  'ground-source',
  'air-to-water',
  'water-to-water',
  'air-to-air',
  'hybrid',
] as const;
export type RegistrationTechnology = (typeof REGISTRATION_TECHNOLOGIES)[number];

/** Standards whose rating conditions a rated capacity and COP are given at. */
export const RATING_STANDARDS = ['EN 14511', 'AHRI/ISO 13256-1', 'AHRI/ISO 13256-2', 'AHRI 210/240'] as const;
export type RatingStandard = (typeof RATING_STANDARDS)[number];

/** The rating point a capacity and COP were measured at: the standard, its condition's name, temperatures. */
export interface RatingPoint {
  standard: RatingStandard;
  /** The condition as the standard or certificate names it: `B0/W35`, `A7/W35`, `GLHP heating`, ... */
  condition: string;
  /** Source-side (entering) temperature, degC. */
  sourceC?: number;
  /** Sink-side (load, leaving water or indoor air) temperature, degC. */
  sinkC?: number;
}

/**
 * The rated values an AHRI certificate prints for the unit, as printed (one capacity unit of three, and the
 * COP). Compared at the certificate's printed precision (ahri.ts).
 */
export interface AhriCertificate {
  /** The AHRI certified reference number. */
  ref: string;
  tons?: number;
  capacityKw?: number;
  capacityBtuh?: number;
  cop?: number;
}

export interface SystemRegistration {
  technology: RegistrationTechnology;
  /** Rated heating capacity at the rating point, W. */
  ratedCapacityW: number;
  /** The input the capacity was given in (names it in errors); default: the certificate's capacity unit. */
  capacityGivenAs?: 'tons' | 'capacityKw' | 'capacityBtuh';
  /** Rated heating COP at the rating point. */
  ratedCop: number;
  ratingPoint?: RatingPoint;
  ahri?: AhriCertificate;
  /** Heat Pump Keymark certificate or registration number, where known. */
  keymarkRef?: string;
  /** A performance map's id in the catalogue, where known. */
  performanceMapRef?: string;
  /** Commissioning (in-service) date. */
  commissioned: string;
}

export const METER_KINDS = ['heat', 'electricity'] as const;
export type MeterKind = (typeof METER_KINDS)[number];

export interface MeterRegistration {
  kind: MeterKind;
  /** Heat meters: the circuit's fluid and its glycol mass fraction (0..1; 0 for water). */
  fluid?: FluidKind;
  concentration?: number;
  /** Heat meters: where the volume flow sensor sits. */
  flowSensor?: 'supply' | 'return';
  /** EN 1434 accuracy class 1, 2 or 3, with qp (m3/h) and the minimum temperature difference (K). */
  meterClass?: number;
  qpM3h?: number;
  dtMinK?: number;
  /** The value (in the register's unit) at which a cumulative register wraps to 0. */
  registerRollover?: number;
  serial?: string;
  /**
   * Which circuit of the system the meter measures (default `main`). Two meters of one kind on one circuit may
   * not overlap in time (a swap is a new meter); the proposal's hot-water and chilled-water outputs are two
   * circuits, each with its own heat meter.
   */
  circuit?: string;
  installed: string;
  removed?: string | null;
}

/** A meter already registered on the system. */
export interface RegisteredMeter extends MeterRegistration {
  id: string;
}

export interface EnrolmentRegistration {
  /** The program's id and the version of its rule file the enrolment is made under. */
  programId: string;
  programVersion: string;
  /** The method the enrolment's energy is determined by; default: the program's only method. */
  method?: string;
  /** The registry's unit id (a NEPOOL-GIS unit, a GATS unit, an M-RETS generator). */
  unitId?: string;
  reportingUnitId?: string;
  start: string;
  end?: string | null;
  /** Enrolled as a pilot or demonstration: required for a program whose status is a proposal. */
  pilot?: boolean;
  /**
   * Combined rated heating capacity of the site's units that count together for the size class, W, where a
   * program sizes the source rather than one unit (New Hampshire: "REC-eligible units combined"). Default:
   * the system's own rated capacity.
   */
  combinedCapacityW?: number;
}

/** An enrolment already registered for the system, with what its program counts. */
export interface RegisteredEnrolment {
  id: string;
  programId: string;
  programVersion: string;
  unitId?: string;
  start: string;
  end?: string | null;
  energyCounted: Program['energyCounted'];
}

/**
 * The input names the rules locate their errors at: the registration use cases' own input names (the CLI
 * words them as `--ahri-tons`, the API as `/ahriTons`).
 */
export const REGISTRATION_FIELDS = {
  system: [
    'technology',
    'tons',
    'capacityKw',
    'capacityBtuh',
    'cop',
    'ratingPoint',
    'ahriRef',
    'ahriTons',
    'ahriCapacityKw',
    'ahriCapacityBtuh',
    'ahriCop',
    'keymarkRef',
    'performanceMapRef',
    'commissioned',
  ],
  meter: [
    'kind',
    'fluid',
    'concentration',
    'flowSensor',
    'meterClass',
    'qpM3h',
    'dtMinK',
    'registerRollover',
    'serial',
    'circuit',
    'installed',
    'removed',
  ],
  enrolment: [
    'program',
    'programVersion',
    'method',
    'unitId',
    'reportingUnitId',
    'start',
    'end',
    'pilot',
    'combinedCapacityKw',
  ],
} as const;
