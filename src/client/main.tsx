// Entry point. Five pages share this bundle: the SSO callback, the MVPD popups' landing
// pages (after sign-in, after logout), the journey's presenter window, and the app itself.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MVPD_DONE_PATH, MVPD_SIGNED_OUT_MESSAGE, MVPD_SIGNED_OUT_PATH } from '../shared/pass-paths.ts';
import { fetchAppConfig } from './lib/app-config.ts';
import { createUserManager, SIGNIN_CALLBACK_PATH } from './features/sign-in/user-manager.ts';
import { App } from './app/app.tsx';
import { JUST_SIGNED_IN_KEY } from './features/sign-in/auth-context.tsx';
import { MvpdDone, MvpdSignedOut, notifyOpenerAndClose } from './app/mvpd-done.tsx';
import { NotFound } from './app/not-found.tsx';
import { DASHBOARD_PATH, isSpaRoute } from '../shared/spa-routes.ts';
import './app/styles.css';

const root = createRoot(document.getElementById('root')!);

async function boot() {
  if (!isSpaRoute(window.location.pathname)) {
    root.render(<NotFound />);
    return;
  }
  if (window.location.pathname === DASHBOARD_PATH) {
    // The operations dashboard: its own chunk, fetched only here.
    const { DashboardPage } = await import('./features/dashboard/dashboard-page.tsx');
    root.render(
      <StrictMode>
        <DashboardPage />
      </StrictMode>,
    );
    return;
  }
  if (new URLSearchParams(window.location.search).has('journey-window')) {
    // The second presenter window (journey-channel.ts): its own chunk, following the app window.
    const { PresenterWindow } = await import('./features/journey/presenter-window.tsx');
    root.render(<PresenterWindow />);
    return;
  }
  if (window.location.pathname === MVPD_DONE_PATH) {
    notifyOpenerAndClose();
    root.render(<MvpdDone />);
    return;
  }
  if (window.location.pathname === MVPD_SIGNED_OUT_PATH) {
    notifyOpenerAndClose(MVPD_SIGNED_OUT_MESSAGE);
    root.render(<MvpdSignedOut />);
    return;
  }
  const config = await fetchAppConfig();
  const userManager = createUserManager(config);
  if (window.location.pathname === SIGNIN_CALLBACK_PATH) {
    // A popup sign-in hands the answer to its opener and closes (no user returned here);
    // a redirect sign-in returns the user and continues into the app.
    const user = await userManager.signinCallback().catch((err: unknown) => {
      console.warn('sign-in callback failed', err);
      // Shown on the sign-in screen until the viewer acts (see auth-context.tsx).
      sessionStorage.setItem('playgate.signedOutNotice', `Sign-in did not complete: ${err instanceof Error ? err.message.slice(0, 200) : 'unknown error'}. Please sign in again.`);
      return null;
    });
    if (user === undefined) return;
    if (user) sessionStorage.setItem(JUST_SIGNED_IN_KEY, '1');
    window.history.replaceState(null, '', '/');
  } else if (window.location.pathname === '/' && new URLSearchParams(window.location.search).has('state')) {
    // Back from the provider's end_session_endpoint: check the state, then a clean URL.
    await userManager.signoutCallback().catch((err: unknown) => console.warn('sign-out callback failed', err));
    window.history.replaceState(null, '', '/');
  }
  root.render(
    <StrictMode>
      <App config={config} userManager={userManager} />
    </StrictMode>,
  );
}

boot().catch((err: unknown) => {
  console.error(err);
  root.render(
    <main className="panel" role="alert">
      <h1>Playgate could not start</h1>
      <p>The app settings could not be loaded. Reload the page to try again.</p>
    </main>,
  );
});
