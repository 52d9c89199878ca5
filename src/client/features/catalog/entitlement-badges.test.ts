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
    [{ authorized: false, rule: 'none', code: 'no_entitlement' }, 'locked', 'Premium'],
    [{ authorized: false, rule: 'mvpd', code: 'network_connection_timeout' }, 'warn', 'Provider not answering'],
  ])('%o → %s %s', (d, tone, label) => {
    expect(badgeFor({ entryId: 'x', ...d })).toEqual({ tone, label });
  });
});
