import { describe, expect, it } from 'vitest';
import { clientIdAudienceFailure } from './audience-rule.ts';

describe('clientIdAudienceFailure', () => {
  it('accepts a client_id that is one of the audiences', () => {
    expect(clientIdAudienceFailure({ client_id: 'app-1' }, 'app-1')).toBeNull();
    expect(clientIdAudienceFailure({ client_id: 'app-2', aud: 'anything' }, ['app-1', 'app-2'])).toBeNull();
  });

  it('refuses another client_id, a missing one, and a non-string one, naming the expectation', () => {
    expect(clientIdAudienceFailure({ client_id: 'other' }, 'app-1')).toBe('audience mismatch: client_id "other" (expected client_id app-1)');
    expect(clientIdAudienceFailure({ aud: 'app-1' }, 'app-1')).toBe('audience mismatch: no client_id claim (expected client_id app-1)');
    expect(clientIdAudienceFailure({ client_id: ['app-1'] }, 'app-1')).toMatch(/^audience mismatch: no client_id/);
  });
});
