import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { DEFAULT_LIFETIME_MS, freshEnough, renewalDue, renewalMargin, tokenLifetime } from './renewal-margin.ts';

describe('renewalMargin', () => {
  it('is a minute for long-lived tokens', () => {
    expect(renewalMargin(3_600_000)).toBe(60_000);
    expect(renewalMargin(240_000)).toBe(60_000);
  });

  it('is a quarter of the lifetime for tokens under four minutes', () => {
    expect(renewalMargin(40_000)).toBe(10_000);
    expect(renewalMargin(120_000)).toBe(30_000);
    expect(renewalMargin(8_000)).toBe(2_000);
  });

  it('is never under a second, and treats a nonsense lifetime as an hour', () => {
    expect(renewalMargin(2_000)).toBe(1_000);
    expect(renewalMargin(0)).toBe(60_000);
    expect(renewalMargin(Number.NaN)).toBe(60_000);
  });
});

describe('renewalDue / freshEnough', () => {
  const now = 1_000_000;
  it('a fresh 40 s token is not due, and is not due again right after a renewal (no renewal loop)', () => {
    expect(renewalDue(now + 40_000, 40_000, now)).toBe(false);
    expect(freshEnough(now + 40_000, 40_000, now)).toBe(true);
    expect(renewalDue(now + 20_000, 40_000, now)).toBe(false);
  });

  it('a 40 s token is due 10 s before expiry, and a renewal then is not skipped', () => {
    expect(renewalDue(now + 10_000, 40_000, now)).toBe(true);
    expect(freshEnough(now + 10_000, 40_000, now)).toBe(false);
    // A timer firing a little early still renews.
    expect(freshEnough(now + 12_000, 40_000, now)).toBe(false);
  });

  it('an hour-long token is due a minute before expiry', () => {
    expect(renewalDue(now + 61_000, 3_600_000, now)).toBe(false);
    expect(renewalDue(now + 60_000, 3_600_000, now)).toBe(true);
  });
});

describe('tokenLifetime', () => {
  it('reads exp − iat of a JWT access token', async () => {
    const iat = 1_700_000_000;
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(iat).setExpirationTime(iat + 40).sign(new Uint8Array(32));
    expect(tokenLifetime(jwt, (iat + 40) * 1000)).toBe(40_000);
  });

  it('falls back to an hour for opaque tokens and tokens without iat', async () => {
    expect(tokenLifetime('opaque-token', Date.now() + 1000)).toBe(DEFAULT_LIFETIME_MS);
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new Uint8Array(32));
    expect(tokenLifetime(jwt, Date.now() + 3_600_000)).toBe(DEFAULT_LIFETIME_MS);
  });
});
