import { describe, expect, it } from 'vitest';
import { denyMessage, displayCode } from './deny-messages.ts';

describe('denyMessage', () => {
  it.each([
    ['authorization_denied_by_mvpd', 'none', 'pick-provider', 'Not in your package'],
    ['authorization_denied_by_parental_controls', 'none', 'pick-provider', 'Blocked by parental controls'],
    ['network_connection_timeout', 'retry', 'retry', 'Your TV provider is not answering'],
    ['authenticated_profile_missing', 'authentication', 'sign-in-provider', 'Sign in with your TV provider'],
    ['authenticated_profile_expired', 'authentication', 'sign-in-provider', 'Your TV provider sign-in has expired'],
    ['media_token_invalid', 'authorization', 'retry', 'Playback was refused'],
    ['media_token_replayed', 'authorization', 'retry', 'Playback was refused'],
    ['NO_ENTITLEMENT', 'none', 'buy', 'Not included in your plan'],
    ['TOKEN_ERROR', 'authentication', 'sign-in', 'Please sign in again'],
  ])('%s → %s', (code, action, next, title) => {
    expect(denyMessage({ code, action, message: 'server text' })).toMatchObject({ next, title });
  });

  it("the MVPD's upgrade obligation: 'Upgrade your package', naming the package and the provider", () => {
    const msg = denyMessage({ code: 'authorization_denied_by_mvpd', action: 'none', message: 'x' }, { title: 'Sports One', provider: 'Skyline Cable', upgradePackage: 'Skyline Sports Pack' });
    expect(msg).toEqual({
      title: 'Upgrade your package',
      text: 'Sports One is in Skyline Sports Pack. Upgrade your package with Skyline Cable to add Skyline Sports Pack and watch it.',
      next: 'pick-provider',
    });
    // Only for the MVPD's package Deny.
    expect(denyMessage({ code: 'authorization_denied_by_parental_controls', action: 'none', message: 'x' }, { upgradePackage: 'Skyline Sports Pack' }).title).toBe('Blocked by parental controls');
  });

  it('falls back on the action for codes it does not know', () => {
    expect(denyMessage({ code: 'something_new', action: 'retry', message: 'x' }).next).toBe('retry');
    expect(denyMessage({ code: 'another', action: 'authentication', message: 'x' }).next).toBe('sign-in-provider');
  });

  it('names the rating and the account’s limit for a parental Deny, and the provider by its name', () => {
    const ctx = { title: 'Late Movie', rating: 'TV-MA', maxRating: 'TV-PG', provider: 'Skyline Cable' };
    expect(denyMessage({ code: 'authorization_denied_by_parental_controls', action: 'none', message: '' }, ctx).text).toBe(
      'Late Movie is rated TV-MA. Parental controls on your Skyline Cable account allow up to TV-PG.',
    );
    expect(denyMessage({ code: 'authorization_denied_by_mvpd', action: 'none', message: '' }, ctx).text).toContain('Skyline Cable does not include Late Movie');
    expect(denyMessage({ code: 'network_connection_timeout', action: 'retry', message: '' }, ctx).text).toContain('Skyline Cable did not answer');
  });

  it('shows every code in one casing', () => {
    expect(displayCode('NO_ENTITLEMENT')).toBe('no_entitlement');
    expect(displayCode('authorization_denied_by_mvpd')).toBe('authorization_denied_by_mvpd');
  });

  it("shows the server's message when neither code nor action is known", () => {
    expect(denyMessage({ code: 'odd', action: 'none', message: 'Odd refusal.' })).toEqual({ title: 'Not available', text: 'Odd refusal.', next: 'none' });
  });
});
