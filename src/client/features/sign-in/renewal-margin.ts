// When to renew an SSO token: ahead of its expiry by a margin that scales with its lifetime,
// so a one-hour token renews a minute early and a 40-second one ten seconds early (a fixed
// minute would renew a short-lived token on every tick, forever).
import { decodeJwt } from 'jose';

/** The most a renewal runs ahead of expiry (default: a minute). */
export const MAX_RENEWAL_MARGIN_MS = 60_000;
/** Never less than this ahead, whatever the lifetime. */
export const MIN_RENEWAL_MARGIN_MS = 1_000;
/** Lifetime assumed when a token does not say when it was issued (opaque tokens, no `iat`). */
export const DEFAULT_LIFETIME_MS = 3_600_000;

/** min(60 s, lifetime / 4), at least 1 s. */
export function renewalMargin(lifetimeMs: number): number {
  const life = Number.isFinite(lifetimeMs) && lifetimeMs > 0 ? lifetimeMs : DEFAULT_LIFETIME_MS;
  return Math.max(MIN_RENEWAL_MARGIN_MS, Math.min(MAX_RENEWAL_MARGIN_MS, life / 4));
}

/** Due for renewal: no more than the margin left. */
export function renewalDue(expiresAt: number, lifetimeMs: number, now = Date.now()): boolean {
  return expiresAt - now <= renewalMargin(lifetimeMs);
}

/**
 * Fresh enough that a renewal under the cross-tab lock can be skipped (another tab renewed
 * meanwhile). Half a margin of slack, so a timer that fires a little early still renews.
 */
export function freshEnough(expiresAt: number, lifetimeMs: number, now = Date.now()): boolean {
  return expiresAt - now > 1.5 * renewalMargin(lifetimeMs);
}

/** A JWT access token's lifetime (exp − iat, in ms); the default for opaque tokens or no iat. */
export function tokenLifetime(accessToken: string, expiresAt: number): number {
  try {
    const { iat } = decodeJwt(accessToken);
    if (typeof iat === 'number' && iat * 1000 < expiresAt) return expiresAt - iat * 1000;
  } catch {
    /* opaque access token: not ours to read */
  }
  return DEFAULT_LIFETIME_MS;
}
