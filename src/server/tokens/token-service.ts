// The one place Playgate signs and verifies its own tokens (ES256, kid from the
// shared key set, swapped in by tokens/key-ring.ts). Verification pins algorithm, issuer, audience, typ and the
// required claims, caps the size first, and caches successes until they expire.
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, errors, type CryptoKey, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { publicJwks, type PrivateJwk } from './key-store.ts';
import { CLOCK_TOLERANCE_S, MAX_TOKEN_LENGTH, TOKEN_KINDS, type TokenKind } from './token-kinds.ts';
import { cacheKeyOf, VerifiedTokenCache } from './verified-token-cache.ts';

export interface SignedToken {
  token: string;
  /** epoch ms */
  notBefore: number;
  notAfter: number;
}

export type TokenFailure = 'format' | 'signature' | 'expired' | 'claims';

export class TokenRejected extends Error {
  readonly reason: TokenFailure;
  /** For reason `claims`: the claim that failed (`nbf`, `iss`, `aud`, `typ`, …), when known. */
  readonly claim: string | undefined;
  constructor(reason: TokenFailure, message: string, claim?: string) {
    super(message);
    this.name = 'TokenRejected';
    this.reason = reason;
    this.claim = claim;
  }
}

export interface VerifyOptions {
  /** The time to verify at (epoch ms; default: now). For callers with an injected clock. */
  now?: number;
}

export class TokenService {
  readonly issuer: string;
  // Swapped as a whole by useKeys when the shared key set changes (tokens/key-ring.ts).
  private signingKey: CryptoKey;
  private kid: string;
  private jwks: ReturnType<typeof createLocalJWKSet>;
  private readonly cache = new VerifiedTokenCache(20_000);
  private currentJwks: ReturnType<typeof publicJwks>;
  /** Called on a kid this instance does not know; true when the key set was reloaded (default: none). */
  onUnknownKid: (() => Promise<boolean>) | undefined;

  private constructor(issuer: string, key: CryptoKey, kid: string, keys: PrivateJwk[]) {
    this.issuer = issuer;
    this.signingKey = key;
    this.kid = kid;
    this.currentJwks = publicJwks(keys);
    this.jwks = createLocalJWKSet(this.currentJwks);
  }

  /** The public keys that verify (published, active and retired ones). */
  get publicJwks(): ReturnType<typeof publicJwks> {
    return this.currentJwks;
  }

  /** Replaces the verifying keys and the signer in one step (no await between, so no request sees half). */
  useKeys(verifying: PrivateJwk[], signer: { kid: string; key: CryptoKey }): void {
    this.currentJwks = publicJwks(verifying);
    this.jwks = createLocalJWKSet(this.currentJwks);
    this.kid = signer.kid;
    this.signingKey = signer.key;
  }

  /**
   * The key lookup every verifier of Playgate's tokens uses (also the SSO verifier for
   * customer tokens): on an unknown kid it asks for a reload once — a key published by
   * another instance a moment ago — then gives up.
   */
  readonly keyResolver: JWTVerifyGetKey = async (header, token) => {
    try {
      return await this.jwks(header, token);
    } catch (err) {
      if (err instanceof errors.JWKSNoMatchingKey && this.onUnknownKid && (await this.onUnknownKid())) return this.jwks(header, token);
      throw err;
    }
  };

  /** Keys are imported once here, never per request. The newest ES256 key signs. */
  static async create(issuer: string, keys: PrivateJwk[]): Promise<TokenService> {
    const current = keys.filter((k) => k.alg === 'ES256').at(-1);
    if (!current) throw new Error('no ES256 signing key');
    const key = (await importJWK(current, 'ES256')) as CryptoKey;
    return new TokenService(issuer, key, current.kid, keys.filter((k) => k.alg === 'ES256'));
  }

  async sign(kind: TokenKind, claims: JWTPayload, ttlSeconds: number, now = Date.now()): Promise<SignedToken> {
    const { typ, audience } = TOKEN_KINDS[kind];
    const iat = Math.floor(now / 1000);
    const exp = iat + ttlSeconds;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: this.kid, typ })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(exp)
      .setJti(crypto.randomUUID())
      .sign(this.signingKey);
    return { token, notBefore: iat * 1000, notAfter: exp * 1000 };
  }

  /** The kid of the key that signs new tokens (the newest ES256 key of the set). */
  get signingKid(): string {
    return this.kid;
  }

  /**
   * The payload of a token of `kind` that `verify` accepted before and that is still inside
   * its validity window; undefined otherwise (then call `verify`). Synchronous: a gated
   * segment checks the same playback token again and again, and the promise of an async
   * lookup was a measurable part of it. Never an unverified payload.
   */
  verifiedBefore<T extends JWTPayload = JWTPayload>(kind: TokenKind, token: string | undefined, now = Date.now()): T | undefined {
    if (!token || token.length > MAX_TOKEN_LENGTH) return undefined;
    return this.cachedPayload<T>(cacheKeyOf(kind, token), now);
  }

  /** A cached success is reused only inside the token's own validity window. */
  private cachedPayload<T>(cacheKey: string, now: number): T | undefined {
    const cached = this.cache.get(cacheKey, now);
    return cached && (cached.nbf === undefined || cached.nbf - CLOCK_TOLERANCE_S <= now / 1000) ? (cached as T) : undefined;
  }

  /** Verifies a token of `kind`; throws TokenRejected with a machine-readable reason. */
  async verify<T extends JWTPayload = JWTPayload>(kind: TokenKind, token: string | undefined, opts: VerifyOptions = {}): Promise<T> {
    if (!token || token.length > MAX_TOKEN_LENGTH) throw new TokenRejected('format', 'token missing or too large');
    const now = opts.now ?? Date.now();
    const cacheKey = cacheKeyOf(kind, token);
    const cached = this.cachedPayload<T>(cacheKey, now);
    if (cached) return cached;
    const { typ, audience } = TOKEN_KINDS[kind];
    try {
      const { payload } = await jwtVerify<T>(token, this.keyResolver, {
        algorithms: ['ES256'],
        issuer: this.issuer,
        audience,
        typ,
        requiredClaims: ['exp', 'iat', 'jti'],
        clockTolerance: CLOCK_TOLERANCE_S,
        ...(opts.now !== undefined ? { currentDate: new Date(opts.now) } : {}),
      });
      // Inline rather than via issued-at.ts: that module imports TokenRejected from here.
      if (payload.iat! > now / 1000 + CLOCK_TOLERANCE_S) throw new TokenRejected('claims', 'claim "iat" is in the future', 'iat');
      this.cache.set(cacheKey, payload, payload.exp! * 1000);
      return payload;
    } catch (err) {
      throw classify(err);
    }
  }
}

/** Maps jose's errors onto the four outcomes callers branch on. */
export function classify(err: unknown): TokenRejected {
  if (err instanceof TokenRejected) return err;
  if (err instanceof errors.JWTExpired) return new TokenRejected('expired', 'token expired');
  if (err instanceof errors.JWSSignatureVerificationFailed) return new TokenRejected('signature', 'signature verification failed');
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) return new TokenRejected('signature', 'no matching key');
  if (err instanceof errors.JWTClaimValidationFailed) return new TokenRejected('claims', `claim "${err.claim}" ${err.reason}`, err.claim);
  if (err instanceof errors.JOSEAlgNotAllowed) return new TokenRejected('format', 'algorithm not allowed');
  if (err instanceof errors.JWTInvalid || err instanceof errors.JWSInvalid || err instanceof errors.JOSENotSupported)
    return new TokenRejected('format', 'malformed token');
  return new TokenRejected('format', 'token rejected');
}
