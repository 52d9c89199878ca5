// Plays its children (the player) only while this device holds a stream session: over the
// limit it shows the other streams with "Stop that one and watch here"; when another device
// takes the stream over, the player is unmounted (it stops) and the viewer is told where.
import { useEffect, useRef, type ReactNode } from 'react';
import type { CatalogEntry } from '../../../shared/api/app-config.ts';
import { useStreamSession } from './use-stream-session.ts';
import './stream-limits.css';

const since = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function StreamLimitGate({ entry, mvpd, viewer, children }: { entry: CatalogEntry; mvpd: string | undefined; viewer: string; children: ReactNode }) {
  const { state, stopAndWatch, watchAgain } = useStreamSession({ entry, mvpd, viewer });
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (state.phase === 'over-limit' || state.phase === 'evicted') headingRef.current?.focus();
  }, [state.phase]);

  switch (state.phase) {
    case 'starting':
      return <p role="status">Starting your stream…</p>;
    case 'watching':
    case 'off':
      return <>{children}</>;
    case 'over-limit': {
      const rule = state.advice[0];
      const streams = state.advice.flatMap((a) => Object.values(a.conflicts).flat());
      return (
        <div className="notice stream-limit" role="alert" aria-labelledby="stream-limit-title">
          <h3 id="stream-limit-title" ref={headingRef} tabIndex={-1}>
            You're watching on too many devices
          </h3>
          <p>
            {rule ? `Your TV provider account can play ${rule.threshold} stream${rule.threshold === 1 ? '' : 's'} at once` : 'Your TV provider account is at its limit'}, and{' '}
            {streams.length === 1 ? 'another device is' : `${streams.length} other devices are`} watching now.
          </p>
          <ul className="stream-list" aria-label="Streams playing now">
            {streams.map((s, i) => (
              <li key={s.terminationCode ?? i}>
                <span>
                  <strong>{s.deviceName}</strong> — {s.metadata.title ?? s.channel} · since {since(s.startedAt)}
                </span>
                {s.terminationCode ? (
                  <button type="button" onClick={() => stopAndWatch(s.terminationCode!)} aria-label={`Stop that one and watch here: ${s.deviceName}`}>
                    Stop that one and watch here
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          {streams.every((s) => !s.terminationCode) ? <p>Stop watching on one of them, then try again.</p> : null}
          <button type="button" onClick={watchAgain}>
            Try again
          </button>
        </div>
      );
    }
    case 'evicted':
      return (
        <div className="notice stream-limit" role="alert" aria-labelledby="stream-evicted-title">
          <h3 id="stream-evicted-title" ref={headingRef} tabIndex={-1}>
            Your stream moved to another device
          </h3>
          <p>
            {entry.title} stopped here because it is now playing on {state.by.deviceName} ({state.by.applicationName}).
          </p>
          <button type="button" onClick={watchAgain}>
            Watch here again
          </button>
        </div>
      );
  }
}
