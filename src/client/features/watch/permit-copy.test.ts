import { describe, expect, it } from 'vitest';
import { permitNote, tvProviderNote } from './permit-copy.ts';

describe('permitNote', () => {
  it.each([
    [{ rule: 'claims', claim: '*', value: '*' }, 'Free to watch for everyone signed in.'],
    [{ rule: 'claims', claim: 'roles', value: 'premium' }, 'Included with your premium membership.'],
    [{ rule: 'claims', claim: '/realm_access/roles', value: 'premium' }, 'Included with your premium membership.'],
    [{ rule: 'internal-store' }, 'Watching with your purchase.'],
  ])('%j → %s', (decision, text) => {
    expect(permitNote(decision)).toBe(text);
    expect(permitNote(decision)).not.toMatch(/\*|roles|claims|internal/);
  });

  it('names the TV provider by its display name', () => {
    expect(tvProviderNote('Skyline Cable')).toBe('Watching through Skyline Cable.');
  });
});
