// When the next heartbeat goes, and how a device is named to the others.
import { describe, expect, it } from 'vitest';
import { deviceLabel, nextBeat } from './stream-session.ts';

describe('nextBeat', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  it('half the time left, at most 5 s, at least 1 s; no or bad Expires: 5 s', () => {
    expect(nextBeat(new Date(now + 4000).toUTCString(), now)).toBe(2000);
    expect(nextBeat(new Date(now + 60_000).toUTCString(), now)).toBe(5000);
    expect(nextBeat(new Date(now - 10_000).toUTCString(), now)).toBe(1000);
    expect(nextBeat(null, now)).toBe(5000);
    expect(nextBeat('not a date', now)).toBe(5000);
  });
});

describe('deviceLabel', () => {
  it('names the browser and the end of the device id', () => {
    expect(deviceLabel('a1b2-c3d4e5f6', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36')).toBe('Chrome (device d4e5f6)');
    expect(deviceLabel('xyz', 'Mozilla/5.0 Firefox/120.0')).toBe('Firefox (device xyz)');
    expect(deviceLabel('123456789', 'Mozilla/5.0 (Macintosh) AppleWebKit/605 Version/17 Safari/605')).toBe('Safari (device 456789)');
  });
});
