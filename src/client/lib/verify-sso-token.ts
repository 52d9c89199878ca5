// Checks with jose that an SSO token is signed by the IdP (its JWKS) and unexpired,
// before the app uses it. Keys are fetched once and cached by jose. Failures carry a
// reason a viewer (or integrator) can act on: audience, issuer, typ, expiry, signature, kid.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { clientIdAudienceFailure, type AudienceClaim } from '../../shared/tokens/audience-rule.ts';

export interface IdpSettings {
  issuer: string;
  clientId: string;
  audience: string;
  /** Where the access token's audience is (default `aud`); `client_id` for Cognito-style tokens. */
  audienceClaim?: AudienceClaim;
  algorithms: string[];
  /** Accepted access-token `typ` values; [] = not checked. */
  accessTokenTypes: string[];
  clockToleranceSeconds: number;
}

const keySets = new Map<string, Promise<ReturnType<typeof createRemoteJWKSet>>>();

function keysFor(issuer: string) {
  let keys = keySets.get(issuer);
  if (!keys) {
    keys = fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)
      .then((r) => r.json() as Promise<{ jwks_uri: string }>)
      .then((meta) => createRemoteJWKSet(new URL(meta.jwks_uri)));
    keys.catch(() => keySets.delete(issuer));
    keySets.set(issuer, keys);
  }
  return keys;
}

/** A token the app refused, with the reason in words. */
export class TokenCheckFailed extends Error {
  constructor(
    readonly token: 'ID token' | 'access token',
    reason: string,
  ) {
    super(`${token}: ${reason}`);
    this.name = 'TokenCheckFailed';
  }
}

function reasonOf(err: unknown, expected: { audience: string; issuer: string; typs?: string[] }): string {
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return `audience mismatch (expected ${expected.audience})`;
    if (err.claim === 'iss') return `issuer mismatch (expected ${expected.issuer})`;
    if (err.claim === 'typ') return `typ mismatch (expected ${expected.typs?.join(' or ')})`;
    return `claim "${err.claim}" ${err.reason}`;
  }
  if (err instanceof errors.JWKSNoMatchingKey) return 'unknown signing key (kid)';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'signing algorithm not allowed';
  return 'not a valid token';
}

/**
 * `atSignIn`: the ID token proves the sign-in, so its expiry matters then. Later (a refresh
 * without a new ID token, a reload) an expired ID token still identifies the viewer while the
 * access and refresh tokens are good: jose checks signature, issuer and audience before expiry.
 */
export async function verifyIdToken(token: string, idp: IdpSettings, atSignIn: boolean): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, await keysFor(idp.issuer), {
      issuer: idp.issuer,
      audience: idp.clientId,
      algorithms: idp.algorithms,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: idp.clockToleranceSeconds,
    });
    return payload;
  } catch (err) {
    if (!atSignIn && err instanceof errors.JWTExpired) return err.payload;
    throw new TokenCheckFailed('ID token', reasonOf(err, { audience: idp.clientId, issuer: idp.issuer }));
  }
}

const mediaType = (t: string) => t.toLowerCase().replace(/^application\//, '');

export async function verifyAccessToken(token: string, idp: IdpSettings): Promise<JWTPayload> {
  const typs = idp.accessTokenTypes;
  try {
    const { payload, protectedHeader } = await jwtVerify(token, await keysFor(idp.issuer), {
      issuer: idp.issuer,
      ...(idp.audienceClaim === 'client_id' ? {} : { audience: idp.audience }),
      algorithms: idp.algorithms,
      ...(typs.length === 1 ? { typ: typs[0] } : {}),
      requiredClaims: ['exp', 'sub'],
      clockTolerance: idp.clockToleranceSeconds,
    });
    if (typs.length > 1 && !typs.some((t) => mediaType(t) === mediaType(String(protectedHeader.typ ?? '')))) throw new TokenCheckFailed('access token', `typ mismatch (expected ${typs.join(' or ')})`);
    if (idp.audienceClaim === 'client_id') {
      const failure = clientIdAudienceFailure(payload, idp.audience);
      if (failure) throw new TokenCheckFailed('access token', failure);
    }
    return payload;
  } catch (err) {
    if (err instanceof TokenCheckFailed) throw err;
    throw new TokenCheckFailed('access token', reasonOf(err, { audience: idp.audience, issuer: idp.issuer, typs }));
  }
}
