// The TempPass pseudo-MVPDs of the config, by id (built once per config).
import type { Config } from '../config/schema.ts';

export type TempPassConfig = NonNullable<Config['tempPass']>[number];

const indexes = new WeakMap<Config, Map<string, TempPassConfig>>();
export function tempPassFor(config: Config, mvpd: string): TempPassConfig | undefined {
  let index = indexes.get(config);
  if (!index) {
    index = new Map((config.tempPass ?? []).map((t) => [t.id, t]));
    indexes.set(config, index);
  }
  return index.get(mvpd);
}
