// The app shell: providers, header with the viewer, the catalog and the watch panel.
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import type { UserManager } from 'oidc-client-ts';
import type { AppConfig, CatalogEntry } from '../../shared/api/app-config.ts';
import { PassClient } from '../lib/pass-client.ts';
import { deviceId, isSecondDevice } from '../lib/device-id.ts';
import { createQueryClient } from '../lib/query-client.ts';
import { AuthProvider, useAuth } from '../features/sign-in/auth-context.tsx';
import { SignInPanel } from '../features/sign-in/sign-in-panel.tsx';
import { Catalog } from '../features/catalog/catalog.tsx';
import { WatchPanel } from '../features/watch/watch-panel.tsx';
import { ProviderBadge } from '../features/account/provider-badge.tsx';
import { profilesQuery } from '../features/watch/profiles-query.ts';
import { useEntitlementBadges } from '../features/catalog/entitlement-badges-query.ts';
import { ServicesProvider } from './pass-client-context.tsx';
import { JourneyToggle } from '../features/journey/journey-toggle.tsx';
import { TestConsoleToggle } from '../features/test-console/test-console-toggle.tsx';

// Opened on demand: kept out of the initial bundle.
const AccountPanel = lazy(() => import('../features/account/account-panel.tsx').then((m) => ({ default: m.AccountPanel })));

/** The title a signed-out viewer chose to watch, kept across the sign-in redirect. */
export const WATCH_AFTER_SIGN_IN_KEY = 'playgate.watchAfterSignIn';

export function App({ config, userManager }: { config: AppConfig; userManager: UserManager }) {
  const queryClient = useMemo(() => createQueryClient(), []);
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider userManager={userManager} config={config}>
        <Shell config={config} />
      </AuthProvider>
    </QueryClientProvider>
  );
}

function Shell({ config }: { config: AppConfig }) {
  const auth = useAuth();
  const viewer = auth.state.status === 'signed-in' ? auth.state.viewer : null;
  // The PassClient reads the SSO token at call time, so it outlives sign-in changes.
  const ssoToken = useRef<string | null>(null);
  ssoToken.current = viewer?.accessToken ?? null;
  const pass = useMemo(
    () => new PassClient({ softwareStatement: config.softwareStatement, redirectUri: config.redirectUri, deviceId: deviceId(), serviceToken: () => ssoToken.current }),
    [config],
  );
  const [watching, setWatching] = useState<CatalogEntry | null>(null);
  const secondDevice = useMemo(() => isSecondDevice(), []);
  useEffect(() => {
    if (secondDevice) document.title = `Second device · ${document.title.replace(/^Second device · /, '')}`;
  }, [secondDevice]);
  // Watch while signed out: remember the title across the sign-in redirect, open it after.
  const [pendingTitle, setPendingTitle] = useState<string | null>(() => sessionStorage.getItem(WATCH_AFTER_SIGN_IN_KEY));
  useEffect(() => {
    if (!viewer || !pendingTitle) return;
    sessionStorage.removeItem(WATCH_AFTER_SIGN_IN_KEY);
    setPendingTitle(null);
    const entry = config.catalog.find((e) => e.id === pendingTitle);
    if (entry) setWatching(entry);
  }, [viewer, pendingTitle, config.catalog]);
  const watchSignedOut = (entry: CatalogEntry) => {
    sessionStorage.setItem(WATCH_AFTER_SIGN_IN_KEY, entry.id);
    setPendingTitle(entry.id);
    void auth.signInRedirect();
  };
  const [accountOpen, setAccountOpen] = useState(false);
  // One panel at a time, each with its own Close: opening a title closes Account and back.
  const watch = (entry: CatalogEntry | null) => {
    if (entry) setAccountOpen(false);
    setWatching(entry);
  };
  const toggleAccount = () => {
    if (!accountOpen) setWatching(null);
    setAccountOpen(!accountOpen);
  };
  const profiles = useQuery({ ...profilesQuery(pass, config.serviceProvider, viewer?.username ?? null), enabled: viewer !== null });
  // Badges follow the profiles: a TV provider sign-in or logout changes them.
  const profilesKey = Object.keys(profiles.data?.profiles ?? {}).sort().join(',');
  const badges = useEntitlementBadges(
    config.catalog,
    viewer?.accessToken ?? null,
    pass.deviceId,
    profilesKey,
  );

  return (
    <ServicesProvider value={{ pass, config }}>
      <header className={secondDevice ? 'top second-device' : 'top'}>
        <h1>
          <img src="/favicon.svg" alt="" width={28} height={28} /> Playgate
          {secondDevice ? (
            <span className="device-mark" data-testid="second-device-mark">
              Second device
            </span>
          ) : null}
        </h1>
        {viewer ? (
          <div className="viewer">
            <span>
              Signed in as <strong>{viewer.name}</strong>
              {viewer.mode === 'publisher' ? <span className="badge">publisher SSO</span> : null}
              {Object.entries(viewer.entitlements).map(([claim, value]) => (
                <span key={claim} className="badge">
                  {claim}: {Array.isArray(value) ? value.join(', ') || '—' : String(value)}
                </span>
              ))}
            </span>
            <ProviderBadge viewer={viewer.username} />
            <button type="button" aria-expanded={accountOpen} onClick={toggleAccount}>
              Account
            </button>
            <button
              type="button"
              onClick={() => {
                // Stop playback and forget tokens.
                setWatching(null);
                setAccountOpen(false);
                void auth.signOut();
              }}
            >
              Sign out
            </button>
            <button
              type="button"
              onClick={() => {
                setWatching(null);
                setAccountOpen(false);
                void auth.switchViewer();
              }}
            >
              Switch viewer
            </button>
          </div>
        ) : null}
        <JourneyToggle onWatch={watch} />
        {config.qaConsole ? <TestConsoleToggle /> : null}
      </header>
      <main>
        {auth.state.status === 'loading' ? <p role="status">Loading…</p> : null}
        {auth.state.status === 'signed-out' ? (
          <SignInPanel publisherSso={config.publisherSso !== null} pendingTitle={config.catalog.find((e) => e.id === pendingTitle)?.title} />
        ) : null}
        {accountOpen && viewer ? (
          <Suspense fallback={<p role="status">Loading your account…</p>}>
            <AccountPanel viewer={viewer} onMvpdLogout={() => setWatching(null)} onClose={() => setAccountOpen(false)} />
          </Suspense>
        ) : null}
        {watching && viewer ? <WatchPanel key={watching.id} entry={watching} viewer={viewer.username} ssoToken={viewer.accessToken} onClose={() => setWatching(null)} /> : null}
        <Catalog entries={config.catalog} signedIn={Boolean(viewer)} badges={viewer ? badges.data : undefined} onWatch={viewer ? watch : watchSignedOut} />
      </main>
      <footer className="hint">
        {secondDevice ? 'Second device' : 'Device'} <code>{pass.deviceId}</code>
      </footer>
    </ServicesProvider>
  );
}
