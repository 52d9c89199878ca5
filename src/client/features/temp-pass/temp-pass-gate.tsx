// A free preview (TempPass) while it plays: a countdown to the pass end (the temporary
// profile's notAfter), and at the end the player is unmounted — it stops — with "Your free
// preview is over — sign in with your TV provider", leading to the picker. The gatekeeper
// refuses the stream past the end anyway; this is what the viewer sees.
import { useEffect, useState, type ReactNode } from 'react';
import type { ProfilesResponse } from '../../../shared/api/pass.ts';
import { useServices } from '../../app/pass-client-context.tsx';
import { useConfiguration } from '../provider-picker/configuration-query.ts';

const clock = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export function TempPassGate({ mvpd, onPickProvider, children }: { mvpd: string | undefined; onPickProvider(): void; children: ReactNode }) {
  const { pass, config } = useServices();
  const configuration = useConfiguration();
  const isTempPass = Boolean(mvpd && configuration.data?.requestor.mvpds.find((m) => m.id === mvpd)?.isTempPass);
  const [endsAt, setEndsAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!isTempPass || !mvpd) return;
    let live = true;
    pass
      .request<ProfilesResponse>('GET', `/api/v2/${encodeURIComponent(config.serviceProvider)}/profiles/${encodeURIComponent(mvpd)}`)
      .then((res) => live && setEndsAt(res.profiles[mvpd]?.notAfter ?? Date.now()))
      .catch(() => live && setEndsAt(null));
    return () => {
      live = false;
    };
  }, [isTempPass, mvpd, pass, config.serviceProvider]);

  useEffect(() => {
    if (endsAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [endsAt]);

  if (!isTempPass || endsAt === null) return <>{children}</>;
  if (now >= endsAt) {
    return (
      <div className="notice" role="alert">
        <h3>Your free preview is over — sign in with your TV provider</h3>
        <p>Sign in with your TV provider to keep watching.</p>
        <button type="button" className="primary" onClick={onPickProvider}>
          Sign in with your TV provider
        </button>
      </div>
    );
  }
  return (
    <>
      <p className="hint temp-pass-countdown">
        Free preview: <span data-testid="temp-pass-left">{clock(endsAt - now)}</span> left
      </p>
      {children}
    </>
  );
}
