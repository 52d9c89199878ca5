// Verifies the viewer's SSO token (AD-Service-Token) against each trusted issuer's JWKS,
// discovered from its OpenID configuration. Pins algorithms, issuer, audience and typ
// from config; remote keys are cached by jose and refetched on an unknown kid.
import { createRemoteJWKSet, customFetch, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { CLOCK_TOLERANCE_S, MAX_TOKEN_LENGTH } from './token-kinds.ts';
import { classify, TokenRejected } from './token-service.ts';
import { refuseFutureIat } from './issued-at.ts';
import { cacheKeyOf, VerifiedTokenCache } from './verified-token-cache.ts';

export interface TrustedIssuer {
  issuer: string;
  /** Any one of these must be in `aud`. */
  audience: string | string[];
  algorithms: string[];
  /** Where the keys are (default: from the issuer's OpenID discovery document). */
  jwksUrl?: string | undefined;
  /** Keys held locally (Playgate's own customer tokens): no fetch at all. */
  keys?: JWTVerifyGetKey | undefined;
  /** Expected `typ` header (default: at+jwt, the OAuth JWT access token profile). */
  typ?: string;
}

export interface SsoIdentity extends JWTPayload {
  iss: string;
  sub: string;
}

export class SsoVerifier {
  private readonly jwks = new Map<string, Promise<ReturnType<typeof createRemoteJWKSet>>>();
  private readonly cache = new VerifiedTokenCache(20_000);

  constructor(
    private readonly issuers: TrustedIssuer[],
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async verify(token: string): Promise<SsoIdentity> {
    if (token.length > MAX_TOKEN_LENGTH) throw new TokenRejected('format', 'token too large');
    const key = cacheKeyOf('sso', token);
    const cached = this.cache.get(key);
    if (cached) return cached as SsoIdentity;
    const errors: TokenRejected[] = [];
    for (const trusted of this.issuers) {
      try {
        const { payload } = await jwtVerify(token, trusted.keys ?? (await this.keysFor(trusted)), {
          algorithms: trusted.algorithms,
          issuer: trusted.issuer,
          audience: trusted.audience,
          typ: trusted.typ ?? 'at+jwt',
          requiredClaims: ['exp', 'iat', 'sub'],
          clockTolerance: CLOCK_TOLERANCE_S,
        });
        refuseFutureIat(payload);
        this.cache.set(key, payload, payload.exp! * 1000);
        return payload as SsoIdentity;
      } catch (err) {
        errors.push(classify(err));
      }
    }
    throw errors.find((e) => e.reason !== 'claims') ?? errors[0] ?? new TokenRejected('claims', 'no trusted issuer');
  }

  private keysFor({ issuer, jwksUrl }: TrustedIssuer) {
    let keys = this.jwks.get(issuer);
    if (!keys) {
      keys = (jwksUrl ? Promise.resolve(jwksUrl) : this.discoverJwksUri(issuer)).then((uri) => createRemoteJWKSet(new URL(uri), { [customFetch]: this.fetchImpl }));
      // A failed discovery must not be cached forever.
      keys.catch(() => this.jwks.delete(issuer));
      this.jwks.set(issuer, keys);
    }
    return keys;
  }

  private async discoverJwksUri(issuer: string): Promise<string> {
    const res = await this.fetchImpl(`${issuer}/.well-known/openid-configuration`, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`discovery of ${issuer} failed: HTTP ${res.status}`);
    const meta = (await res.json()) as { jwks_uri?: string; issuer?: string };
    if (meta.issuer !== issuer || !meta.jwks_uri) throw new Error(`discovery of ${issuer} returned unusable metadata`);
    return meta.jwks_uri;
  }
}
