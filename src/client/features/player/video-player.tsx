// The one component that owns a video.js player: created once per source in an effect,
// disposed on unmount (StrictMode-safe). This module is imported lazily, only after a
// Permit, so video.js is never part of the initial bundle.
import { useEffect, useRef } from 'react';
// Before video.js: no <style> elements of its own (the CSP allows no inline styles).
import './no-dynamic-style.ts';
import videojs from 'video.js';
import 'video.js/dist/video-js.css';
import { createPlaybackTokenTracker, PLAYBACK_TOKEN_HEADER } from './playback-token.ts';

type Player = ReturnType<typeof videojs>;

interface VhsRequestOptions {
  uri: string;
  [key: string]: unknown;
}

interface VhsXhr {
  onRequest(fn: (options: VhsRequestOptions) => VhsRequestOptions): void;
  onResponse(fn: (request: unknown, error: unknown, response: { statusCode: number; url?: string; headers?: Record<string, string> } | undefined) => void): void;
}

export interface VideoPlayerProps {
  /** The master playlist URL, used as given (media token and device included by the caller). */
  src: string;
  title: string;
  live: boolean;
  /** A playlist or segment was refused (401/403) or playback failed. */
  onMediaError(status: number, detail: string): void;
}

export function VideoPlayer({ src, title, live, onMediaError }: VideoPlayerProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const errorRef = useRef(onMediaError);
  errorRef.current = onMediaError;

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const element = document.createElement('video-js');
    // vjs-16-9: the aspect ratio from video-js.css, since video.js writes no dimension styles.
    element.classList.add('vjs-big-play-centered', 'vjs-16-9');
    element.setAttribute('aria-label', `Video player: ${title}`);
    host.appendChild(element);
    const player: Player = videojs(element, {
      controls: true,
      autoplay: true,
      muted: true,
      fluid: true,
      liveui: live,
      // Without this Chromium/Safari may play HLS natively and bypass our response hooks.
      html5: { vhs: { overrideNative: true }, nativeAudioTracks: false, nativeVideoTracks: false },
    });
    // Playback tokens are short and renewed in a response header: keep the latest one and
    // put it, with this device, into every later playlist and segment request (`pt`,
    // `device`). The hooks go on before the source is set, so they see the very first request.
    const playbackToken = createPlaybackTokenTracker({ device: new URL(src, window.location.href).searchParams.get('device') ?? undefined });
    player.on('xhr-hooks-ready', () => {
      const vhs = (player.tech({ IWillNotUseThisInPlugins: true }) as unknown as { vhs?: { xhr: VhsXhr } }).vhs;
      vhs?.xhr.onRequest((options) => {
        playbackToken.noteRequest(options.uri);
        const uri = playbackToken.rewrite(options.uri);
        return uri === options.uri ? options : { ...options, uri };
      });
      vhs?.xhr.onResponse((_req, _err, response) => {
        if (response?.statusCode === 200) playbackToken.observe(response.headers);
        // A refused playlist does not raise a player error (the player just waits):
        // surface 401/403 ourselves.
        if (response && (response.statusCode === 401 || response.statusCode === 403)) {
          player.pause();
          errorRef.current(response.statusCode, 'The media server refused the stream.');
        }
      });
    });
    // A paused (or fully buffered) player requests nothing, so its token would lapse: past
    // half-life it renews with a HEAD of its media playlist. Checked every 2 s; a hidden
    // tab's timers may slow to once a minute, well inside a VOD token's minutes.
    let renewing = false;
    const renewal = window.setInterval(() => {
      const url = playbackToken.renewalDue(Date.now());
      if (!url || renewing) return;
      renewing = true;
      fetch(url, { method: 'HEAD', cache: 'no-store' })
        .then((res) => {
          if (res.ok) playbackToken.observe({ [PLAYBACK_TOKEN_HEADER]: res.headers.get(PLAYBACK_TOKEN_HEADER) ?? undefined });
        })
        .catch(() => undefined) // the player's own next request reports a real failure
        .finally(() => {
          renewing = false;
        });
    }, 2000);
    player.on('error', () => {
      const err = player.error();
      errorRef.current(0, err?.message ?? 'Playback failed.');
    });
    player.src({ src, type: 'application/x-mpegURL' });
    return () => {
      window.clearInterval(renewal);
      player.dispose();
    };
  }, [src, title, live]);

  return <div ref={hostRef} className="player-host" data-testid="player" />;
}
