// Live playback tokens are renewed by the media server as the player reloads the media
// playlist: the new token comes back in a response header. The player keeps the latest
// one here and puts it into the `pt` parameter of every later playlist and segment
// request, so playback outlives any single token. Synchronous, as video.js's xhr hooks are.

/** The response header the gatekeeper renews the playback token in. */
export const PLAYBACK_TOKEN_HEADER = 'x-playgate-playback-token';

const PT_PARAM = /([?&])pt=[^&#]*/;

export interface PlaybackTokenTracker {
  /** The newest token seen so far, if any. */
  readonly latest: string | undefined;
  /** Reads a renewed token from a response's headers (lower-case names); true when adopted. */
  observe(headers: Record<string, string | undefined> | undefined): boolean;
  /** `uri` with its `pt` parameter set to the newest token; unchanged without one, or without `pt`. */
  rewrite(uri: string): string;
}

export function createPlaybackTokenTracker(): PlaybackTokenTracker {
  let latest: string | undefined;
  let latestExp = -Infinity;
  return {
    get latest() {
      return latest;
    },
    observe(headers) {
      const token = headers?.[PLAYBACK_TOKEN_HEADER];
      if (!token) return false;
      const exp = expiryOf(token);
      // Responses may arrive out of order: never go back to an older token.
      if (exp === null || exp < latestExp) return false;
      latest = token;
      latestExp = exp;
      return true;
    },
    rewrite(uri) {
      if (!latest || !PT_PARAM.test(uri)) return uri;
      const token = encodeURIComponent(latest);
      return uri.replace(PT_PARAM, (_m, sep: string) => `${sep}pt=${token}`);
    },
  };
}

/** The `exp` claim of a JWT (not verified: the server does that), or null. */
function expiryOf(token: string): number | null {
  try {
    const payload = token.split('.')[1];
    if (!payload) return null;
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}
