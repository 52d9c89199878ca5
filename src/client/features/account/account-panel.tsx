// The account: who is signed in and with which entitlement claims, this device, the TV
// provider profiles (this device's own, or shared through SSO) with their expiry, MVPD
// logout, and a second-device window for demos.
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useServices } from '../../app/pass-client-context.tsx';
import { toErrorBody } from '../../lib/api-error.ts';
import type { Viewer } from '../sign-in/auth-context.tsx';
import { useProfiles } from '../watch/profiles-query.ts';
import { logoutFromMvpd } from './logout-mutation.ts';
import { watchLogoutPopup } from './logout-popup.ts';
import { useMvpdInfo } from '../provider-picker/mvpd-names.ts';
import { PurchasesList } from '../checkout/purchases-list.tsx';

export function AccountPanel({ viewer, onMvpdLogout, onClose }: { viewer: Viewer; onMvpdLogout(): void; onClose(): void }) {
  const { pass, config } = useServices();
  const queryClient = useQueryClient();
  const profiles = useProfiles(viewer.username);
  const [status, setStatus] = useState<string | null>(null);

  const mvpdNames = useMvpdInfo();

  const logout = (mvpd: string) => {
    const name = mvpdNames.name(mvpd);
    // Opened from the click, in case the MVPD wants its own logout page shown.
    const popup = window.open('about:blank', 'playgate-mvpd-logout', 'popup,width=480,height=600');
    setStatus(`Signing out of ${name}…`);
    void (async () => {
      try {
        const answer = await logoutFromMvpd(pass, config.serviceProvider, mvpd);
        // Playgate has forgotten the sign-in now: the player stops and the list follows.
        onMvpdLogout();
        await queryClient.invalidateQueries({ queryKey: ['pass'] });
        await queryClient.invalidateQueries({ queryKey: ['playback'] });
        if (answer.actionType === 'interactive' && answer.url && popup) {
          popup.location.href = answer.url;
          setStatus(`Finish signing out in the ${name} window.`);
          const outcome = await watchLogoutPopup(popup);
          setStatus(
            outcome === 'signed-out'
              ? `Signed out of ${name}.`
              : `The ${name} window was closed before it finished. Playgate no longer uses your ${name} sign-in, but ${name} may still remember you.`,
          );
          return;
        }
        popup?.close();
        setStatus(answer.actionName === 'invalid' ? `You were not signed in with ${name}.` : `Signed out of ${name}.`);
      } catch (err) {
        popup?.close();
        setStatus(`Signing out of ${name} did not work: ${toErrorBody(err).message}`);
      }
    })();
  };

  const entries = Object.entries(profiles.data?.profiles ?? {});
  return (
    <section className="panel account" aria-labelledby="account-title">
      <div className="watch-head">
        <h2 id="account-title">Your account</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="facts">
        <dt>Signed in as</dt>
        <dd>
          {viewer.name} <span className="hint">({viewer.mode === 'publisher' ? 'publisher SSO' : 'Playgate ID'})</span>
        </dd>
        <dt>Entitlement claims</dt>
        <dd>
          {Object.keys(viewer.entitlements).length === 0
            ? 'none'
            : Object.entries(viewer.entitlements).map(([claim, value]) => (
                <span key={claim} className="badge">
                  {claim}: {Array.isArray(value) ? value.join(', ') : String(value)}
                </span>
              ))}
        </dd>
        <dt>This device</dt>
        <dd>
          <code>{pass.deviceId}</code>{' '}
          <button type="button" onClick={() => window.open(`${window.location.origin}/?device=new`, '_blank')}>
            Open as a second device
          </button>
        </dd>
      </dl>
      <h3>TV provider sign-ins</h3>
      {profiles.isPending ? <p role="status">Loading…</p> : null}
      {profiles.error ? <p role="alert">Your TV provider sign-ins could not be loaded.</p> : null}
      {profiles.data && entries.length === 0 ? <p>None on this device.</p> : null}
      {entries.length > 0 ? (
        <table className="profiles">
          <caption className="visually-hidden">TV provider profiles</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Kind</th>
              <th scope="col">Valid until</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([mvpd, p]) => (
              <tr key={mvpd}>
                <td>
                  {mvpdNames.info(mvpd) ? <img src={mvpdNames.info(mvpd)!.logoUrl} alt="" width={24} height={24} className="inline-logo" /> : null} {mvpdNames.name(mvpd)}
                </td>
                <td>{p.type === 'serviceTokenSSO' ? 'Shared from another device (SSO)' : 'This device'}</td>
                <td>
                  <time dateTime={new Date(p.notAfter).toISOString()}>{new Date(p.notAfter).toLocaleString()}</time>
                </td>
                <td>
                  <button type="button" onClick={() => logout(mvpd)}>
                    Sign out of {mvpdNames.name(mvpd)}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {status ? <p role="status">{status}</p> : null}
      {config.demoCheckout ? <PurchasesList viewer={viewer.username} ssoToken={viewer.accessToken} /> : null}
    </section>
  );
}
