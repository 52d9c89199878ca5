// Playback tokens are short (minutes, VOD and live alike) and bound to the device: the media
// server renews one when a playlist or segment is requested past half its life, in a
// response header. The player keeps the latest one here, puts it into the `pt` parameter of
// every later playlist and segment request, and adds this device (`device=`) to each: the
// server does not write the device into the URLs it rewrites, so a URL copied from a log
// does not play elsewhere. A paused player fetches no media, so it renews on its own with a
// HEAD of its media playlist (`renewalDue`). Synchronous, as video.js's xhr hooks are.

/** The response header the gatekeeper renews the playback token in. */
export const PLAYBACK_TOKEN_HEADER = 'x-playgate-playback-token';

const PT_PARAM = /([?&])pt=[^&#]*/;
const DEVICE_PARAM = /[?&]device=/;

export interface PlaybackTokenTrackerOptions {
  /** This device's id, added as `device=` to every request that carries a playback token (default: none). */
  device?: string | undefined;
}

export interface PlaybackTokenTracker {
  /** The newest token seen so far, if any. */
  readonly latest: string | undefined;
  /** Reads a renewed token from a response's headers (lower-case names); true when adopted. */
  observe(headers: Record<string, string | undefined> | undefined): boolean;
  /** Notes a request the player is about to send: a playback token in its URL, and the media playlist to renew with. */
  noteRequest(uri: string): void;
  /** `uri` with its `pt` set to the newest token and this device added; unchanged without `pt`. */
  rewrite(uri: string): string;
  /** The URL to HEAD when the newest token is past half its life (a paused player's renewal), else null. */
  renewalDue(nowMs: number): string | null;
}

export function createPlaybackTokenTracker(options: PlaybackTokenTrackerOptions = {}): PlaybackTokenTracker {
  let latest: string | undefined;
  let latestIat = -Infinity;
  let latestExp = -Infinity;
  let playlistUri: string | undefined;
  const adopt = (token: string): boolean => {
    const claims = timesOf(token);
    // Responses may arrive out of order: never go back to an older token.
    if (claims === null || claims.exp < latestExp) return false;
    latest = token;
    latestIat = claims.iat ?? claims.exp;
    latestExp = claims.exp;
    return true;
  };
  const rewrite = (uri: string): string => {
    if (!PT_PARAM.test(uri)) return uri;
    let out = latest ? uri.replace(PT_PARAM, (_m, sep: string) => `${sep}pt=${encodeURIComponent(latest!)}`) : uri;
    if (options.device && !DEVICE_PARAM.test(out)) out = `${out}&device=${encodeURIComponent(options.device)}`;
    return out;
  };
  return {
    get latest() {
      return latest;
    },
    observe(headers) {
      const token = headers?.[PLAYBACK_TOKEN_HEADER];
      return token ? adopt(token) : false;
    },
    noteRequest(uri) {
      const match = PT_PARAM.exec(uri);
      if (!match) return;
      if (latest === undefined) {
        try {
          adopt(decodeURIComponent(match[0].slice(4)));
        } catch {
          // Not a token we can read: the server will say so.
        }
      }
      if (/\.m3u8(\?|$)/.test(uri)) playlistUri = uri;
    },
    rewrite,
    renewalDue(nowMs) {
      if (!playlistUri || latest === undefined) return null;
      const halfLife = latestIat + (latestExp - latestIat) / 2;
      // A second past half-life, so the server (which renews past half-life) surely renews.
      return nowMs / 1000 >= halfLife + 1 && nowMs / 1000 < latestExp ? rewrite(playlistUri) : null;
    },
  };
}

/** The `iat` and `exp` claims of a JWT (not verified: the server does that), or null without `exp`. */
function timesOf(token: string): { iat: number | undefined; exp: number } | null {
  try {
    const payload = token.split('.')[1];
    if (!payload) return null;
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const { exp, iat } = JSON.parse(json) as { exp?: unknown; iat?: unknown };
    return typeof exp === 'number' ? { exp, iat: typeof iat === 'number' ? iat : undefined } : null;
  } catch {
    return null;
  }
}
