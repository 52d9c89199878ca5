// The simulator's failure knobs, per MVPD: start from config, switchable at run time
// through the admin endpoint (demos: "Harbor is down"). Held in the simulator's memory:
// it is a single-instance dev stand-in, not part of the scaled-out API. `homeNetwork`
// says whose home network the browser is on (home-based authentication), or nobody's.
import type { Config, SimulatorMode } from '../config/schema.ts';

export interface ModeSetting {
  mode: SimulatorMode;
  slowMs: number;
  /** A home-based subscriber of this MVPD whose home network the viewer is on, or null. */
  homeNetwork: string | null;
}

export class SimulatorModes {
  private readonly modes = new Map<string, ModeSetting>();
  constructor(config: Config) {
    for (const m of config.mvpds) this.modes.set(m.id, { mode: m.simulator?.mode ?? 'normal', slowMs: m.simulator?.slowMs ?? 5000, homeNetwork: m.simulator?.homeNetwork ?? null });
  }
  get(mvpd: string): ModeSetting {
    return this.modes.get(mvpd) ?? { mode: 'normal', slowMs: 0, homeNetwork: null };
  }
  set(mvpd: string, setting: Partial<ModeSetting> & { mode: SimulatorMode }): ModeSetting {
    const next = { ...this.get(mvpd), ...setting };
    this.modes.set(mvpd, next);
    return next;
  }
  all(): Record<string, ModeSetting> {
    return Object.fromEntries(this.modes);
  }
}
