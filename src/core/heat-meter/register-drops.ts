import { check, type Check } from '../checks.ts';

/**
 * Counts the samples where a register reads lower than before. A cumulative register only drops at a reset,
 * a meter swap or a rollover (EN 1434-1 registers count up), so one that drops at many samples is almost
 * certainly interval energy read as a register: counted as register steps it undercounts (a 625 kWh week read
 * as 277 kWh). More than {@link DROP_SHARE} of its samples dropping (and at least 3) is an error check.
 */
export const DROP_SHARE = 0.05;

export class RegisterDropCounter {
  private heat = NaN;
  private elec = NaN;
  private readonly drops = { heat: 0, elec: 0 };
  private readonly seen = { heat: 0, elec: 0 };

  see(s: Readonly<{ heatRegisterJ: number; elecRegisterJ: number }>): void {
    if (s.heatRegisterJ === s.heatRegisterJ) {
      if (s.heatRegisterJ < this.heat) this.drops.heat++;
      this.seen.heat++;
      this.heat = s.heatRegisterJ;
    }
    if (s.elecRegisterJ === s.elecRegisterJ) {
      if (s.elecRegisterJ < this.elec) this.drops.elec++;
      this.seen.elec++;
      this.elec = s.elecRegisterJ;
    }
  }

  check(): Check | undefined {
    const bad = (['heat', 'elec'] as const).filter(
      (k) => this.drops[k] >= 3 && this.drops[k] > DROP_SHARE * this.seen[k],
    );
    if (bad.length === 0) return undefined;
    const what = bad
      .map(
        (k) =>
          `the ${k === 'heat' ? 'heat' : 'electricity'} register drops at ${this.drops[k]} of ${this.seen[k]} samples`,
      )
      .join('; ');
    return check(
      'register-drops',
      'error',
      `${what}: a running total only drops at a reset or a swap, so this column is most likely the energy of each interval; map it to the *_interval kind (heat_kwh_interval, elec_kwh_interval, ...) and the energy is counted whole`,
    );
  }
}
