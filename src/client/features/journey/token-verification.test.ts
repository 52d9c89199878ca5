// A token is "verified" only where the app or Playgate really verified it.
import { describe, expect, it } from 'vitest';
import type { TokenSighting } from '../../lib/call-log.ts';
import { BY_APP, NOT_VERIFIED, verificationOf } from './token-verification.ts';

const token = (field: string, typ: string, fingerprint: string): TokenSighting => ({ field, preview: 'eyJ…', fingerprint, header: { alg: 'ES256', typ }, claims: {} });

describe('verificationOf', () => {
  it('says the app verified the SSO token it accepted', () => {
    expect(verificationOf(token('access_token', 'at+jwt', 'f1'), { to: 'IdP', status: 200 }, [], new Set(['f1']))).toEqual({ verified: true, verification: BY_APP });
  });

  it("states Playgate's verifier's answer for a media token, and nothing before it came", () => {
    const media = token('decisions[0].token.serializedToken', 'media+jwt', 'm');
    expect(verificationOf(media, { to: 'Playgate', status: 200 }, [], new Set()).verified).toBe(false);
    expect(verificationOf({ ...media, playgateVerdict: 'VALID_TOKEN' }, { to: 'Playgate', status: 200 }, [], new Set())).toMatchObject({ verified: true, verification: expect.stringMatching(/^Playgate's media-token verifier: VALID_TOKEN/) });
    expect(verificationOf({ ...media, playgateVerdict: 'TOKEN_EXPIRED' }, { to: 'Playgate', status: 200 }, [], new Set())).toEqual({ verified: false, verification: "Playgate's media-token verifier: TOKEN_EXPIRED" });
  });

  it("states Playgate's client-token verifier's answer for a client access token, never the call's 2xx", () => {
    const client = token('access_token', 'at+jwt', 'c');
    expect(verificationOf(client, { to: 'Playgate', status: 201 }, [], new Set())).toEqual({ verified: false, verification: "issued by Playgate; waiting for its client-token verifier's answer" });
    expect(verificationOf({ ...client, playgateVerdict: 'VALID_TOKEN' }, { to: 'Playgate', status: 201 }, [], new Set())).toMatchObject({ verified: true, verification: expect.stringMatching(/^Playgate's client-token verifier: VALID_TOKEN/) });
    expect(verificationOf({ ...client, playgateVerdict: 'CLIENT_REVOKED' }, { to: 'Playgate', status: 201 }, [], new Set())).toEqual({ verified: false, verification: "Playgate's client-token verifier: CLIENT_REVOKED" });
  });

  it('says Playgate issued (and later checks) the other tokens of its own answers', () => {
    expect(verificationOf(token('jwt', 'customer+jwt', 'c'), { to: 'Playgate', status: 200 }, [], new Set())).toEqual({
      verified: true,
      verification: 'issued and signed by Playgate',
    });
  });

  it('counts the ID token of a sign-in whose access token the app verified', () => {
    const access = token('access_token', 'at+jwt', 'a');
    expect(verificationOf(token('id_token', 'JWT', 'i'), { to: 'IdP', status: 200 }, [access], new Set(['a'])).verified).toBe(true);
    expect(verificationOf(token('id_token', 'JWT', 'i'), { to: 'IdP', status: 200 }, [access], new Set()).verified).toBe(false);
  });

  it('marks anything else as decoded only', () => {
    expect(verificationOf(token('jwt', 'JWT', 'x'), { to: 'IdP', status: 200 }, [], new Set())).toEqual({ verified: false, verification: NOT_VERIFIED });
    expect(verificationOf(token('jwt', 'media+jwt', 'x'), { to: 'Playgate', status: 403 }, [], new Set()).verified).toBe(false);
  });
});
