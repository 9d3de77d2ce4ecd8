import type { TECHNOLOGIES } from '../programs/schema.ts';
import type { RegistrationTechnology } from './types.ts';

export type ProgramTechnology = (typeof TECHNOLOGIES)[number];

/**
 * The program technology classes a registered system belongs to, by its heat source (TREC's classification,
 * not a program's text): `certain` classes it always belongs to, `possible` ones it belongs to only with a
 * source the registration does not state.
 * - air-to-water and air-to-air units draw heat from outdoor air: air-source (M-RETS's thermal procedures:
 *   "Air-to-water units are air-source heat pumps", as its rule file notes); air-to-water is also the
 *   narrower class the proposed TREC program lists.
 * - a water-to-water unit takes its heat from water: a water-source heat pump; on a closed ground loop or
 *   groundwater it is also a ground-source (geothermal) one (ISO 13256-2 rates water-to-water units for
 *   ground-loop and ground-water applications).
 * - a hybrid pairs a heat pump with another heater: its class is that of its heat pump, which is not stated.
 */
export const TECHNOLOGY_CLASSES: Record<
  RegistrationTechnology,
  { certain: readonly ProgramTechnology[]; possible: readonly ProgramTechnology[] }
> = {
  'ground-source': { certain: ['ground-source'], possible: [] },
  'air-to-water': { certain: ['air-to-water', 'air-source'], possible: [] },
  'air-to-air': { certain: ['air-source'], possible: [] },
  'water-to-water': { certain: ['water-source'], possible: ['ground-source'] },
  hybrid: { certain: [], possible: ['ground-source', 'water-source', 'air-source', 'air-to-water'] },
};
