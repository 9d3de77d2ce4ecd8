import type { LaundryParams } from './params.ts';

/** The laundry room air as one well-mixed zone with a lumped heat capacity. */
export interface RoomState {
  airC: number;
  /** Heat the building heating has supplied so far to hold the setpoint. */
  spaceHeatingJ: number;
}

/**
 * Advances the room by one explicit-Euler step:
 *   C dT/dt = gains - (UA_envelope + UA_make-up air [open] + UA_fans [T > fanOn and T > T_out]) (T - T_out)
 *             - Q_evaporator
 * then, if the air fell below the heating setpoint, the building heating supplies (setpoint - T) x C.
 */
export function advanceRoom(
  p: LaundryParams,
  room: RoomState,
  outdoorC: number,
  gainsW: number,
  open: boolean,
  evaporatorW: number,
  stepS: number,
): void {
  const t = room.airC;
  const fans = t > p.fanOnAboveC && t > outdoorC;
  const uaWK = p.uaEnvelopeWK + (open ? p.makeUpAirOpenWK : 0) + (fans ? p.fanVentilationWK : 0);
  let next = t + ((gainsW - uaWK * (t - outdoorC) - evaporatorW) * stepS) / p.roomCapacityJK;
  if (next < p.spaceHeatingSetpointC) {
    room.spaceHeatingJ += (p.spaceHeatingSetpointC - next) * p.roomCapacityJK;
    next = p.spaceHeatingSetpointC;
  }
  room.airC = next;
}
