// How long Playgate's tokens live at most: what decides how long a retired signing key must
// keep verifying (shared-key-store.ts).
import type { Config } from '../config/schema.ts';

/** Software statements are long-lived: an app ships one and registers with it. */
export const SOFTWARE_STATEMENT_TTL_S = 365 * 24 * 60 * 60;

/** The longest lifetime of any token Playgate signs, plus clock tolerance (ms). */
export function maxTokenLifetimeMs(config: Config): number {
  const t = config.tokens;
  const longest = Math.max(SOFTWARE_STATEMENT_TTL_S, t.clientAccessTokenTtlSeconds, t.mediaTokenTtlSeconds, t.playbackTokenTtlSeconds, t.livePlaybackTokenTtlSeconds ?? 0, t.vodPlaybackTokenTtlSeconds ?? 0, config.publisherSso?.jwtTtlSeconds ?? 0);
  return (longest + 60) * 1000;
}
