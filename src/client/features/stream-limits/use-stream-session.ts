// The stream session of one player: started before the player mounts, heartbeated while
// it plays, ended when it unmounts or the page goes away. Over the limit: the 409's advice;
// evicted by another device: who took over. A CM outage never stops playback (fail open).
import { useCallback, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { RemoteTermination, RuleViolation } from '../../../shared/api/concurrency.ts';
import type { CatalogEntry } from '../../../shared/api/app-config.ts';
import { useServices } from '../../app/pass-client-context.tsx';
import { profilesQuery } from '../watch/profiles-query.ts';
import { deviceLabel, endStream, heartbeatStream, startStream, type StreamIdentity } from './stream-session.ts';

export type StreamState =
  | { phase: 'starting' }
  | { phase: 'watching' }
  | { phase: 'off' }
  | { phase: 'over-limit'; advice: RuleViolation[] }
  | { phase: 'evicted'; by: RemoteTermination['terminator'] };

export function useStreamSession({ entry, mvpd, viewer }: { entry: CatalogEntry; mvpd: string | undefined; viewer: string }) {
  const { pass, config } = useServices();
  const queryClient = useQueryClient();
  const applicationId = config.concurrency?.applicationId;
  const [state, setState] = useState<StreamState>(applicationId && mvpd ? { phase: 'starting' } : { phase: 'off' });
  // Bumped to start again (after "Stop that one and watch here" or "Watch here again").
  const [attempt, setAttempt] = useState<{ n: number; terminate: string[] }>({ n: 0, terminate: [] });

  useEffect(() => {
    if (!applicationId || !mvpd) return;
    let cancelled = false;
    let sessionId: string | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let id: StreamIdentity | null = null;
    const metadata = {
      deviceId: pass.deviceId,
      deviceName: deviceLabel(pass.deviceId),
      assetId: entry.id,
      title: entry.title,
      channel: entry.kind === 'live' ? entry.title : 'On demand',
      contentType: entry.kind,
    };
    const end = () => {
      if (id && sessionId) endStream(id, sessionId);
      sessionId = null;
    };

    const beat = async () => {
      if (cancelled || !id || !sessionId) return;
      const outcome = await heartbeatStream(id, sessionId).catch(() => ({ kind: 'retry' as const, nextBeatMs: 5000 }));
      if (cancelled) return;
      if (outcome.kind === 'evicted') {
        sessionId = null;
        return setState({ phase: 'evicted', by: outcome.by });
      }
      if (outcome.kind === 'over-limit') {
        sessionId = null;
        return setState({ phase: 'over-limit', advice: outcome.advice });
      }
      // Expired (a sleeping tab): Adobe says start a new session without troubling the viewer.
      if (outcome.kind === 'gone') return void begin([]);
      timer = setTimeout(() => void beat(), outcome.nextBeatMs);
    };

    const begin = async (terminate: string[]) => {
      const profiles = await queryClient.fetchQuery(profilesQuery(pass, config.serviceProvider, viewer)).catch(() => null);
      const value = profiles?.profiles[mvpd]?.attributes.userID?.value;
      if (cancelled) return;
      if (typeof value !== 'string' || !value) return setState({ phase: 'off' });
      const me: StreamIdentity = { applicationId, idp: mvpd, subject: value };
      id = me;
      const outcome = await startStream(me, metadata, terminate).catch(() => ({ kind: 'unavailable' as const, status: 0 }));
      if (cancelled) {
        if (outcome.kind === 'started') endStream(me, outcome.sessionId);
        return;
      }
      if (outcome.kind === 'over-limit') return setState({ phase: 'over-limit', advice: outcome.advice });
      if (outcome.kind === 'unavailable') return setState({ phase: 'off' });
      sessionId = outcome.sessionId;
      setState({ phase: 'watching' });
      timer = setTimeout(() => void beat(), outcome.nextBeatMs);
    };

    setState({ phase: 'starting' });
    void begin(attempt.terminate);
    window.addEventListener('pagehide', end);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      window.removeEventListener('pagehide', end);
      end();
    };
  }, [applicationId, mvpd, viewer, entry.id, entry.title, entry.kind, pass, config.serviceProvider, queryClient, attempt]);

  const stopAndWatch = useCallback((terminationCode: string) => setAttempt((a) => ({ n: a.n + 1, terminate: [terminationCode] })), []);
  const watchAgain = useCallback(() => setAttempt((a) => ({ n: a.n + 1, terminate: [] })), []);
  return { state, stopAndWatch, watchAgain };
}
