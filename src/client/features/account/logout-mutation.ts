// GET /api/v2/{sp}/logout/{mvpd}: forget the TV provider sign-in (with the SSO token,
// the viewer's other devices too). An interactive answer names the MVPD's logout page.
import type { LogoutResponse } from '../../../shared/api/pass.ts';
import { MVPD_SIGNED_OUT_PATH, passPaths } from '../../../shared/pass-paths.ts';
import type { PassClient } from '../../lib/pass-client.ts';

/** `returnTo`: where the MVPD's logout page sends the popup back (default: the signed-out page). */
export async function logoutFromMvpd(pass: PassClient, sp: string, mvpd: string, returnTo = `${window.location.origin}${MVPD_SIGNED_OUT_PATH}`): Promise<{ actionName: string; actionType: string; url?: string }> {
  const res = await pass.request<LogoutResponse>('GET', `${passPaths.logout(sp, mvpd)}?redirectUrl=${encodeURIComponent(returnTo)}`);
  const entry = res.logouts[mvpd];
  if (!entry) throw new Error('logout answer without this MVPD');
  return entry;
}
