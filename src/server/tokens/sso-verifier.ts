// Verifies the viewer's SSO token (AD-Service-Token) against the trusted issuer its `iss`
// names, with that issuer's JWKS (discovered from its OpenID configuration). Pins algorithms,
// issuer, audience, accepted typ values and clock tolerance from config; remote keys are cached
// by jose and refetched on an unknown kid. A refusal names the real reason (audience, typ,
// expiry, signature, unknown kid) of that issuer — never the last issuer's "no matching key".
import { createRemoteJWKSet, customFetch, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { CLOCK_TOLERANCE_S, MAX_TOKEN_LENGTH } from './token-kinds.ts';
import { classify, TokenRejected } from './token-service.ts';
import { refuseFutureIat } from './issued-at.ts';
import { cacheKeyOf, VerifiedTokenCache } from './verified-token-cache.ts';
import { clientIdAudienceFailure, type AudienceClaim } from '../../shared/tokens/audience-rule.ts';

export interface TrustedIssuer {
  issuer: string;
  /** Any one of these must be in `aud` (or be the `client_id`, see audienceClaim). */
  audience: string | string[];
  /** Where the audience is read (default `aud`); `client_id` for Cognito-style access tokens without `aud`. */
  audienceClaim?: AudienceClaim | undefined;
  algorithms: string[];
  /** Where the keys are (default: from the issuer's OpenID discovery document). */
  jwksUrl?: string | undefined;
  /** Keys held locally (Playgate's own customer tokens): no fetch at all. */
  keys?: JWTVerifyGetKey | undefined;
  /** Expected `typ` header (default: at+jwt, the OAuth JWT access token profile). */
  typ?: string;
  /** Several accepted `typ` values (overrides `typ`); [] = not checked, for providers that set none or "JWT". */
  typs?: string[] | undefined;
  /** Seconds of clock skew tolerated (default CLOCK_TOLERANCE_S, at most 60). */
  clockToleranceSeconds?: number | undefined;
  /**
   * A check after the signature, on every use (cached successes included): null to accept,
   * else why the token no longer counts (e.g. a revoked session). Default: none.
   */
  refusal?: ((claims: JWTPayload) => Promise<string | null>) | undefined;
}

/** `application/at+jwt` and `at+jwt` are the same media type (RFC 7515 §4.1.9), compared case-insensitively. */
const mediaType = (t: string) => t.toLowerCase().replace(/^application\//, '');

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
    if (cached) return this.stillAccepted(cached as SsoIdentity);
    // The unverified `iss` only picks which issuer's rules apply; jwtVerify then pins it.
    let iss: unknown;
    let kid: unknown;
    try {
      iss = decodeJwt(token).iss;
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw new TokenRejected('format', 'malformed token');
    }
    const trusted = this.issuers.find((t) => t.issuer === iss);
    if (!trusted) throw new TokenRejected('claims', `issuer ${typeof iss === 'string' ? `"${iss.slice(0, 200)}"` : '(none)'} is not trusted`, 'iss');
    const typs = trusted.typs ?? [trusted.typ ?? 'at+jwt'];
    let payload: JWTPayload;
    try {
      let protectedHeader;
      ({ payload, protectedHeader } = await jwtVerify(token, trusted.keys ?? (await this.keysFor(trusted)), {
        algorithms: trusted.algorithms,
        issuer: trusted.issuer,
        ...(trusted.audienceClaim === 'client_id' ? {} : { audience: trusted.audience }),
        ...(typs.length === 1 ? { typ: typs[0] } : {}),
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: Math.min(60, trusted.clockToleranceSeconds ?? CLOCK_TOLERANCE_S),
      }));
      if (typs.length > 1 && !typs.some((t) => mediaType(t) === mediaType(String(protectedHeader.typ ?? ''))))
        throw new TokenRejected('claims', `typ "${String(protectedHeader.typ ?? '')}" is not one of ${typs.join(', ')}`, 'typ');
      if (trusted.audienceClaim === 'client_id') {
        const failure = clientIdAudienceFailure(payload, trusted.audience);
        if (failure) throw new TokenRejected('claims', failure, 'client_id');
      }
      refuseFutureIat(payload);
      this.cache.set(key, payload, payload.exp! * 1000);
    } catch (err) {
      throw explain(classify(err), trusted, kid);
    }
    return this.stillAccepted(payload as SsoIdentity);
  }

  /** The issuer's after-signature check (a revoked session), on every use. */
  private async stillAccepted(identity: SsoIdentity): Promise<SsoIdentity> {
    const refusal = this.issuers.find((t) => t.issuer === identity.iss)?.refusal;
    const reason = refusal ? await refusal(identity) : null;
    if (reason) throw new TokenRejected('claims', reason, 'fid');
    return identity;
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
    const res = await this.fetchImpl(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`discovery of ${issuer} failed: HTTP ${res.status}`);
    const meta = (await res.json()) as { jwks_uri?: string; issuer?: string };
    if (meta.issuer !== issuer || !meta.jwks_uri) throw new Error(`discovery of ${issuer} returned unusable metadata`);
    return meta.jwks_uri;
  }
}

/** Says which expectation failed, in words an integrator can act on. */
function explain(err: TokenRejected, trusted: TrustedIssuer, kid: unknown): TokenRejected {
  if (err.message === 'no matching key') return new TokenRejected('signature', `unknown kid ${typeof kid === 'string' ? `"${kid.slice(0, 100)}"` : '(none)'}: no such key in the JWKS of ${trusted.issuer}`, 'kid');
  if (err.claim === 'aud') return new TokenRejected('claims', `audience mismatch: expected ${[trusted.audience].flat().join(' or ')}`, 'aud');
  if (err.claim === 'typ') return new TokenRejected('claims', `typ mismatch: expected ${(trusted.typs ?? [trusted.typ ?? 'at+jwt']).join(' or ')}`, 'typ');
  if (err.reason === 'expired') return new TokenRejected('expired', 'token expired');
  return err;
}
