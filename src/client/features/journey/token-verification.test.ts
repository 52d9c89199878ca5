// A token is "verified" in the journey only when Playgate's verifier said VALID_TOKEN: never
// from the 2xx that brought it, never from the app's own jose check alone.
import { describe, expect, it } from 'vitest';
import type { PlaygateVerdict, TokenSighting } from '../../lib/call-log.ts';
import { APP_ALSO, verificationOf, WAITING } from './token-verification.ts';

const token = (field: string, typ: string, fingerprint: string, playgate?: PlaygateVerdict, claims: Record<string, unknown> = {}): TokenSighting => ({
  field,
  preview: 'eyJ…',
  fingerprint,
  header: { alg: 'ES256', typ },
  claims,
  ...(playgate ? { playgate } : {}),
});
const valid = (verifier: 'client-token verifier' | 'media-token verifier' | 'token service' | 'SSO verifier', kind: 'clientAccess' | 'media' | 'playback' | 'customer' | 'sso', checks = 'signature, expiry'): PlaygateVerdict => ({ status: 'VALID_TOKEN', kind, verifier, checks });

describe('verificationOf', () => {
  it("states the verifier's VALID_TOKEN with its checks, for every kind Playgate issues", () => {
    expect(verificationOf(token('decisions[0].token.serializedToken', 'media+jwt', 'm', valid('media-token verifier', 'media', 'signature, issuer')), [], new Set())).toEqual({
      verified: true,
      verification: "Playgate's media-token verifier: VALID_TOKEN (signature, issuer)",
    });
    expect(verificationOf(token('access_token', 'at+jwt', 'c', valid('client-token verifier', 'clientAccess')), [], new Set())).toMatchObject({ verified: true, verification: expect.stringMatching(/^Playgate's client-token verifier: VALID_TOKEN/) });
    expect(verificationOf(token('playback.hls', 'playback+jwt', 'p', valid('token service', 'playback')), [], new Set())).toMatchObject({ verified: true, verification: expect.stringMatching(/^Playgate's token service: VALID_TOKEN/) });
    expect(verificationOf(token('jwt', 'customer+jwt', 'u', valid('SSO verifier', 'customer')), [], new Set())).toMatchObject({ verified: true, verification: expect.stringMatching(/^Playgate's SSO verifier: VALID_TOKEN/) });
  });

  it('says "waiting" until the answer came, whatever the call that brought it answered', () => {
    expect(verificationOf(token('jwt', 'playback+jwt', 'p'), [], new Set())).toEqual({ verified: false, verification: WAITING });
    expect(verificationOf(token('jwt', 'customer+jwt', 'c'), [], new Set()).verified).toBe(false);
  });

  it('states the reason of a refusal, and never counts it as verified', () => {
    expect(verificationOf(token('jwt', 'media+jwt', 'm', { status: 'TOKEN_EXPIRED', kind: 'media', verifier: 'media-token verifier', checks: 'x', reason: 'token expired' }), [], new Set())).toEqual({
      verified: false,
      verification: "Playgate's media-token verifier: TOKEN_EXPIRED (token expired)",
    });
    expect(verificationOf(token('access_token', 'at+jwt', 'c', { status: 'CLIENT_REVOKED', kind: 'clientAccess', verifier: 'client-token verifier', checks: 'x' }), [], new Set())).toEqual({
      verified: false,
      verification: "Playgate's client-token verifier: CLIENT_REVOKED",
    });
    expect(verificationOf(token('jwt', 'profile+jwt', 'u', { status: 'UNKNOWN_KIND', kind: 'unknown', checks: 'x', reason: 'not a kind of token Playgate issues' }), [], new Set())).toEqual({
      verified: false,
      verification: "Playgate's verifier: UNKNOWN_KIND (not a kind of token Playgate issues)",
    });
    expect(verificationOf(token('jwt', 'media+jwt', 'n', { status: 'NO_ANSWER', reason: 'HTTP 503' }), [], new Set())).toEqual({
      verified: false,
      verification: "not verified: Playgate's verifier did not answer (HTTP 503)",
    });
  });

  it("shows the app's jose check in addition, never as the basis: an SSO token Playgate refuses is not verified", () => {
    const refused: PlaygateVerdict = { status: 'WRONG_AUDIENCE', kind: 'sso', verifier: 'SSO verifier', checks: 'x', reason: 'audience mismatch: expected urn:playgate:api' };
    expect(verificationOf(token('access_token', 'at+jwt', 'a', refused), [], new Set(['a']))).toEqual({
      verified: false,
      verification: `Playgate's SSO verifier: WRONG_AUDIENCE (audience mismatch: expected urn:playgate:api); ${APP_ALSO}`,
    });
    expect(verificationOf(token('access_token', 'at+jwt', 'a'), [], new Set(['a']))).toEqual({ verified: false, verification: `${WAITING}; ${APP_ALSO}` });
    expect(verificationOf(token('access_token', 'at+jwt', 'a', valid('SSO verifier', 'sso')), [], new Set(['a']))).toEqual({ verified: true, verification: `Playgate's SSO verifier: VALID_TOKEN (signature, expiry); ${APP_ALSO}` });
  });

  it('says of an ID token that Playgate takes the access token instead, with the app check of its sign-in', () => {
    const access = token('access_token', 'at+jwt', 'a');
    const id = token('id_token', 'JWT', 'i', { status: 'WRONG_TYPE', kind: 'sso', verifier: 'SSO verifier', checks: 'x', reason: 'typ mismatch: expected at+jwt' });
    const v = verificationOf(id, [access, id], new Set(['a']));
    expect(v.verified).toBe(false);
    expect(v.verification).toBe(`Playgate's SSO verifier: WRONG_TYPE (typ mismatch: expected at+jwt) — Playgate accepts the access token as the SSO token, not the ID token; ${APP_ALSO}`);
    expect(verificationOf(id, [access, id], new Set()).verification).not.toContain(APP_ALSO);
  });

  it('says plainly that a foreign provider’s token is not verified by Playgate', () => {
    const foreign = token('id_token', 'JWT', 'f', { status: 'WRONG_ISSUER', kind: 'sso', verifier: 'SSO verifier', checks: 'x', reason: 'issuer "https://mvpd.example" is not trusted' }, { iss: 'https://mvpd.example' });
    expect(verificationOf(foreign, [], new Set())).toEqual({
      verified: false,
      verification: `a token of https://mvpd.example, a provider Playgate does not verify — Playgate's SSO verifier: WRONG_ISSUER (issuer "https://mvpd.example" is not trusted)`,
    });
  });
});
