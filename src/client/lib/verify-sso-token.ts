// Checks with jose that an SSO token is signed by the IdP (its JWKS) and unexpired,
// before the app uses it. Keys are fetched once and cached by jose.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface IdpSettings {
  issuer: string;
  clientId: string;
  audience: string;
  algorithms: string[];
}

const keySets = new Map<string, Promise<ReturnType<typeof createRemoteJWKSet>>>();

function keysFor(issuer: string) {
  let keys = keySets.get(issuer);
  if (!keys) {
    keys = fetch(`${issuer}/.well-known/openid-configuration`)
      .then((r) => r.json() as Promise<{ jwks_uri: string }>)
      .then((meta) => createRemoteJWKSet(new URL(meta.jwks_uri)));
    keys.catch(() => keySets.delete(issuer));
    keySets.set(issuer, keys);
  }
  return keys;
}

export async function verifyIdToken(token: string, idp: IdpSettings): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, await keysFor(idp.issuer), { issuer: idp.issuer, audience: idp.clientId, algorithms: idp.algorithms, requiredClaims: ['exp', 'sub'] });
  return payload;
}

export async function verifyAccessToken(token: string, idp: IdpSettings): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, await keysFor(idp.issuer), {
    issuer: idp.issuer,
    audience: idp.audience,
    algorithms: idp.algorithms,
    typ: 'at+jwt',
    requiredClaims: ['exp', 'sub'],
  });
  return payload;
}
