// Publisher SSO mode (Cleeng-style): the publisher's middleware trades the viewer's IdP
// token for a Playgate customer JWT + refresh token; the app then uses that JWT as its
// SSO token, refreshing it shortly before expiry — one tab at a time, since reusing a
// spent refresh token revokes the whole family (and then the viewer is signed out).
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { AppConfig } from '../../../shared/api/app-config.ts';
import { ApiError, isErrorBody } from '../../lib/api-error.ts';
import { recordCall } from '../../lib/call-log.ts';
import { refreshOnce } from '../../lib/refresh-coordinator.ts';
import { IdbStateStore } from '../../lib/idb-store.ts';

const pairs = new IdbStateStore();

export const PUBLISHER_PAIR_KEY = 'playgate.publisherSso';
const LOCK = 'playgate.sso.publisher';

type Settings = NonNullable<AppConfig['publisherSso']>;

export interface PublisherPair {
  jwt: string;
  refreshToken: string;
  /** epoch ms, from the verified JWT */
  expiresAt: number;
  claims: JWTPayload;
}

let keys: ReturnType<typeof createRemoteJWKSet> | undefined;

async function verifyCustomerJwt(jwt: string, s: Settings): Promise<JWTPayload> {
  keys ??= createRemoteJWKSet(new URL(s.jwksUri));
  const { payload } = await jwtVerify(jwt, keys, { issuer: s.issuer, audience: s.audience, typ: s.typ, algorithms: ['ES256'], requiredClaims: ['exp', 'customerId'] });
  return payload;
}

async function postJson(path: string, init: { bearer?: string; body?: unknown }): Promise<{ jwt: string; refreshToken: string }> {
  const res = await recordCall('Playgate', 'POST', path, () =>
    fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(init.bearer ? { authorization: `Bearer ${init.bearer}` } : {}) },
      body: JSON.stringify(init.body ?? {}),
    }),
  );
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) return body as { jwt: string; refreshToken: string };
  throw isErrorBody(body) ? new ApiError(body) : new Error(`HTTP ${res.status}`);
}

async function store(pair: { jwt: string; refreshToken: string }, s: Settings): Promise<PublisherPair> {
  const claims = await verifyCustomerJwt(pair.jwt, s);
  const full = { ...pair, claims, expiresAt: claims.exp! * 1000 };
  await pairs.set(PUBLISHER_PAIR_KEY, JSON.stringify(full));
  return full;
}

export async function readPair(): Promise<PublisherPair | null> {
  try {
    const raw = await pairs.get(PUBLISHER_PAIR_KEY);
    return raw ? (JSON.parse(raw) as PublisherPair) : null;
  } catch {
    return null;
  }
}

export async function forgetPair(): Promise<void> {
  await pairs.remove(PUBLISHER_PAIR_KEY);
}

/** Step 1: the middleware exchange, with the viewer's IdP access token. */
export async function exchangeForPair(idpAccessToken: string, s: Settings): Promise<PublisherPair> {
  return store(await postJson(s.exchangePath, { bearer: idpAccessToken }), s);
}

/** Refresh when less than a third of the life (at most a minute) is left. */
export function needsRefresh(pair: PublisherPair, now = Date.now()): boolean {
  const life = pair.expiresAt - (pair.claims.iat ?? 0) * 1000;
  return pair.expiresAt - now < Math.min(60_000, life / 3);
}

/** Refreshes under the cross-tab lock; a revoked family signs the viewer out. */
export async function refreshPair(s: Settings): Promise<PublisherPair | null> {
  try {
    return await refreshOnce({
      lockName: LOCK,
      read: readPair,
      isFresh: (p) => !needsRefresh(p),
      refresh: async (p) => store(await postJson(s.refreshPath, { body: { refreshToken: p.refreshToken } }), s),
    });
  } catch (err) {
    if (err instanceof ApiError && (err.code === 'refresh_token_reused' || err.code === 'invalid_refresh_token')) {
      await forgetPair();
      return null;
    }
    throw err;
  }
}
