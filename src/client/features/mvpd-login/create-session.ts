// POST /api/v2/{sp}/sessions: start an MVPD authentication for this device.
import type { SessionResponse } from '../../../shared/api/pass.ts';
import { MVPD_DONE_PATH, passPaths } from '../../../shared/pass-paths.ts';
import type { PassClient } from '../../lib/pass-client.ts';

export function createSession(pass: PassClient, sp: string, mvpd: string): Promise<SessionResponse> {
  return pass.request<SessionResponse>('POST', passPaths.sessions(sp), {
    form: { mvpd, domainName: window.location.hostname, redirectUrl: `${window.location.origin}${MVPD_DONE_PATH}` },
  });
}
