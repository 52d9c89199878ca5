// The claim shapes real providers send, read by the one parser the API and the SPA share.
import { describe, expect, it } from 'vitest';
import { entitlementValues, normalizeClaim, readClaimPath, readEntitlements, splitClaimValue } from './entitlement-claims.ts';

const spec = (s: Parameters<typeof normalizeClaim>[0]) => normalizeClaim(s);

describe('entitlement claims', () => {
  it('a bare name (today’s config) is an auto-format access-token claim', () => {
    expect(normalizeClaim('roles')).toEqual({ path: 'roles', format: 'auto', from: 'access_token' });
  });

  it('Okta: groups as an array', () => {
    expect(entitlementValues(spec({ path: 'groups', format: 'array' }), { groups: ['Everyone', 'premium'] })).toEqual(['Everyone', 'premium']);
  });

  it('Entra ID: scp as a space-separated string', () => {
    expect(entitlementValues(spec({ path: 'scp', format: 'space' }), { scp: 'playback.read  premium' })).toEqual(['playback.read', 'premium']);
  });

  it('comma strings, as the foreign provider sends roles in the access token', () => {
    expect(entitlementValues(spec({ path: 'roles', format: 'comma' }), { roles: 'premium, subscriber' })).toEqual(['premium', 'subscriber']);
    // auto reads the same string too
    expect(entitlementValues(spec('roles'), { roles: 'premium,subscriber' })).toEqual(['premium', 'subscriber']);
    // space format keeps a comma string whole: the format is honoured, not guessed
    expect(entitlementValues(spec({ path: 'roles', format: 'space' }), { roles: 'premium,subscriber' })).toEqual(['premium,subscriber']);
  });

  it('Keycloak: realm_access.roles and resource_access.<client>.roles (dot path and JSON pointer)', () => {
    const claims = { realm_access: { roles: ['offline_access', 'premium'] }, resource_access: { 'playgate-web': { roles: ['subscriber'] } } };
    expect(entitlementValues(spec('realm_access.roles'), claims)).toEqual(['offline_access', 'premium']);
    expect(entitlementValues(spec('resource_access.playgate-web.roles'), claims)).toEqual(['subscriber']);
    expect(entitlementValues(spec('/resource_access/playgate-web/roles'), claims)).toEqual(['subscriber']);
  });

  it('Auth0: a namespaced claim name with dots and slashes is read whole', () => {
    expect(entitlementValues(spec('https://example.com/roles'), { 'https://example.com/roles': ['premium'] })).toEqual(['premium']);
    // the JSON pointer escapes work for a namespaced key as well
    expect(readClaimPath({ 'https://example.com/roles': ['x'] }, '/https:~1~1example.com~1roles')).toEqual(['x']);
  });

  it('Cognito: cognito:groups', () => {
    expect(entitlementValues(spec({ path: 'cognito:groups', format: 'array' }), { 'cognito:groups': ['premium-viewers'] })).toEqual(['premium-viewers']);
  });

  it('maps provider values to Playgate entitlements, keeping or dropping the rest', () => {
    const claims = { groups: ['grp-premium', 'Everyone', 'grp-all'] };
    expect(entitlementValues(spec({ path: 'groups', map: { 'grp-premium': 'premium', 'grp-all': ['premium', 'subscriber'] } }), claims)).toEqual(['premium', 'Everyone', 'subscriber']);
    expect(entitlementValues(spec({ path: 'groups', map: { 'grp-premium': 'premium' }, unmapped: 'drop' }), claims)).toEqual(['premium']);
  });

  it('ignores what is not a value: objects, booleans, empty strings, missing paths, inherited keys', () => {
    expect(splitClaimValue({ a: 1 })).toEqual([]);
    expect(splitClaimValue(true)).toEqual([]);
    expect(splitClaimValue(['', ' ', { x: 1 }, 'ok'])).toEqual(['ok']);
    expect(entitlementValues(spec('realm_access.roles'), { realm_access: 'premium' })).toEqual([]);
    expect(entitlementValues(spec('constructor'), {})).toEqual([]);
    expect(entitlementValues(spec('a.__proto__'), { a: {} })).toEqual([]);
    expect(entitlementValues(spec({ path: 'groups', map: { toString: 'premium' } }), { groups: ['hasOwnProperty'] })).toEqual(['hasOwnProperty']);
  });

  it('array format still reads a provider that sends one value as a plain string', () => {
    expect(splitClaimValue('premium subscriber', 'array')).toEqual(['premium subscriber']);
  });

  it('reads each spec from the token it names; a token not at hand gives nothing', () => {
    const readings = readEntitlements([spec('roles'), spec({ path: 'groups', from: 'id_token' })], { access_token: { roles: 'premium' } });
    expect(readings).toEqual([
      { path: 'roles', from: 'access_token', values: ['premium'] },
      { path: 'groups', from: 'id_token', values: [] },
    ]);
  });
});
