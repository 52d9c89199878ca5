// The web app's own client-side routes. The server answers any other page path with a
// 404 (still the SPA's index page, which then shows its "page not found" view).
import { MVPD_DONE_PATH, MVPD_SIGNED_OUT_PATH } from './pass-paths.ts';

/** The OIDC sign-in callback (the client's SIGNIN_CALLBACK_PATH). */
export const SIGNIN_CALLBACK = '/auth/callback';

/** The operations dashboard (client/features/dashboard, admin token). */
export const DASHBOARD_PATH = '/dashboard';

export const SPA_ROUTES: readonly string[] = ['/', SIGNIN_CALLBACK, MVPD_DONE_PATH, MVPD_SIGNED_OUT_PATH, DASHBOARD_PATH];

export function isSpaRoute(path: string): boolean {
  return SPA_ROUTES.includes(path);
}
