import { describe, expect, it } from 'vitest';
import { badgeFor } from './entitlement-badges-query.ts';

describe('badgeFor', () => {
  it.each([
    [{ authorized: true, rule: 'claims' }, 'ok', 'Available'],
    [{ authorized: true, rule: 'internal-store' }, 'ok', 'Purchased'],
    [{ authorized: true, rule: 'mvpd' }, 'ok', 'Available with your TV provider'],
    [{ authorized: false, rule: 'none', code: 'authenticated_profile_missing' }, 'warn', 'Needs your TV provider'],
    [{ authorized: false, rule: 'mvpd', code: 'authorization_denied_by_mvpd' }, 'locked', 'Not in your package'],
    [{ authorized: false, rule: 'mvpd', code: 'authorization_denied_by_parental_controls' }, 'locked', 'Parental lock'],
    [{ authorized: false, rule: 'none', code: 'no_entitlement' }, 'locked', 'Not in your plan'],
    [{ authorized: false, rule: 'mvpd', code: 'network_connection_timeout' }, 'warn', 'Provider not answering'],
  ])('%o → %s %s', (d, tone, label) => {
    expect(badgeFor({ entryId: 'x', ...d })).toEqual({ tone, label });
  });

  it('a locked direct title says what it needs: pay-per-view or the plan', () => {
    const deny = { entryId: 'x', authorized: false, rule: 'none', code: 'no_entitlement' };
    expect(badgeFor(deny, { kind: 'purchase', name: 'Fight Night', price: '$1' }).label).toBe('Pay-per-view');
    expect(badgeFor(deny, { kind: 'subscription', name: 'Premium', price: '$1' }).label).toBe('With Premium');
    expect(badgeFor({ entryId: 'x', authorized: true, rule: 'internal-store' }, { kind: 'subscription', name: 'Premium', price: '$1' }).label).toBe('In your Premium plan');
  });
});
