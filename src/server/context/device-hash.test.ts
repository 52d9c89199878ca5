import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deviceHash } from './device-hash.ts';

const reference = (id: string) => createHash('sha256').update(id).digest('base64url').slice(0, 22);

describe('deviceHash', () => {
  it('is the first 22 base64url characters of the SHA-256 of the id, remembered or not', () => {
    expect(deviceHash('device-a')).toBe(reference('device-a'));
    expect(deviceHash('device-a')).toBe(reference('device-a'));
    expect(deviceHash('device-b')).not.toBe(deviceHash('device-a'));
  });

  it('stays right past the remembered bound (the memo is cleared, never wrong)', () => {
    for (let i = 0; i < 12_000; i++) expect(deviceHash(`d-${i}`)).toBe(reference(`d-${i}`));
    expect(deviceHash('d-5')).toBe(reference('d-5'));
  });
});
