// Full external entitlements: the customer signs the viewer's entitlement JWT itself.
// Verified against the tenant's JWKS (cached by jose, refetched on an unknown kid at
// most every `cooldownSeconds`, default 30), with pinned issuer, audience, algorithms and
// `typ` (the tenant's `typ`, default JWT), `iat` required and not in the future, and the
// configured customer / session / entry claims required.
import { createRemoteJWKSet, customFetch, jwtVerify, type JWTPayload } from 'jose';
import type { TenantConfig } from '../config/schema.ts';
import { CLOCK_TOLERANCE_S, MAX_TOKEN_LENGTH } from './token-kinds.ts';
import { classify, TokenRejected } from './token-service.ts';
import { refuseFutureIat } from './issued-at.ts';

type FullAuth = NonNullable<TenantConfig['auth']>['jwks'];

export class FullModeVerifier {
  private readonly keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  constructor(private readonly fetchImpl: typeof fetch = fetch) {}

  async verify(token: string, auth: FullAuth): Promise<JWTPayload> {
    if (token.length > MAX_TOKEN_LENGTH) throw new TokenRejected('format', 'token too large');
    let keys = this.keySets.get(auth.url);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(auth.url), { cooldownDuration: (auth.cooldownSeconds ?? 30) * 1000, cacheMaxAge: 10 * 60_000, [customFetch]: this.fetchImpl });
      this.keySets.set(auth.url, keys);
    }
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: auth.iss,
        audience: auth.aud,
        algorithms: auth.algorithms ?? ['RS256', 'ES256', 'PS256', 'EdDSA'],
        typ: auth.typ ?? 'JWT',
        requiredClaims: ['exp', 'iat', auth.claims.customer, auth.claims.session, auth.claims.entry],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      refuseFutureIat(payload);
      return payload;
    } catch (err) {
      throw classify(err);
    }
  }
}
