// profiles/{TempPass}: Adobe's "temporary" profile while the pass runs (notAfter = its end,
// which the web app counts down to); no profile before the first authorize or after the end.
import type { ProfilesResponse } from '../../shared/api/pass.ts';
import type { PassContext } from '../context/pass-context.ts';
import type { TempPassConfig } from './temp-pass-config.ts';
import { passKey } from './temp-pass-identity.ts';
import { TempPassStore } from './temp-pass-store.ts';

export async function tempPassProfile(ctx: PassContext, pass: TempPassConfig, requestor: string, deviceId: string, identity: string | string[] | undefined): Promise<ProfilesResponse> {
  const key = passKey(pass, deviceId, identity);
  const found = await new TempPassStore(ctx.db).find(requestor, pass.id, key);
  if (!found || found.expiresAt <= Date.now()) return { profiles: {} };
  return {
    profiles: {
      [pass.id]: {
        notBefore: found.startedAt,
        notAfter: found.expiresAt,
        issuer: 'Playgate',
        type: 'temporary',
        attributes: { userID: { value: key.slice(key.indexOf(':') + 1), state: 'plain' } },
      },
    },
  };
}
