// A simulated live channel: the media playlist of a `live` resource is generated per
// request as a sliding window advancing in real time over the resource's committed
// segments, looped.
// - Sequence numbers count target-duration slots since a fixed origin (`epochMs`), so
//   every instance behind a load balancer, and every reload, agrees on them:
//   EXT-X-MEDIA-SEQUENCE = floor((now − epoch) / slot).
// - Entry `seq` plays source segment `seq mod N`; each return to segment 0 (seq > 0, a
//   multiple of N) is preceded by EXT-X-DISCONTINUITY (the timestamps jump back).
// - EXT-X-DISCONTINUITY-SEQUENCE is the number of those tags that have slid out of the
//   window, so the discontinuity number of any segment, floor(seq / N), is the same in
//   every playlist that lists it (RFC 8216 §6.2.2).
// - No ENDLIST, no PLAYLIST-TYPE; every URI carries `seq` so it is unique per sequence.

export interface SourcePlaylist {
  version: number;
  targetDuration: number;
  segments: Array<{ uri: string; duration: number }>;
}

export interface LiveWindowOptions {
  /** Origin of the sequence numbers (epoch ms). */
  epochMs: number;
  /** Entries in each playlist. */
  windowSize: number;
}

export interface LiveEntry {
  seq: number;
  uri: string;
  duration: number;
  discontinuity: boolean;
}

export interface LiveWindow {
  mediaSequence: number;
  discontinuitySequence: number;
  targetDuration: number;
  entries: LiveEntry[];
}

export const DEFAULT_LIVE_WINDOW: LiveWindowOptions = { epochMs: 0, windowSize: 4 };

/** Reads the segments of a (VOD) media playlist: the loop a live channel plays. */
export function parseMediaPlaylist(text: string): SourcePlaylist {
  let version = 3;
  let targetDuration = 0;
  let pending: number | null = null;
  const segments: SourcePlaylist['segments'] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#EXT-X-VERSION:')) version = Number(line.slice(15));
    else if (line.startsWith('#EXT-X-TARGETDURATION:')) targetDuration = Number(line.slice(22));
    else if (line.startsWith('#EXTINF:')) pending = Number.parseFloat(line.slice(8));
    else if (!line.startsWith('#')) {
      segments.push({ uri: line, duration: pending ?? targetDuration });
      pending = null;
    }
  }
  if (segments.length === 0 || !(targetDuration > 0)) throw new Error('not a media playlist with segments and a target duration');
  return { version: Number.isInteger(version) ? version : 3, targetDuration, segments };
}

/** The window at `nowMs`: pure, so a test drives it with any clock. */
export function liveWindow(source: SourcePlaylist, nowMs: number, opts: LiveWindowOptions = DEFAULT_LIVE_WINDOW): LiveWindow {
  const n = source.segments.length;
  const slotMs = source.targetDuration * 1000;
  const first = Math.max(0, Math.floor((nowMs - opts.epochMs) / slotMs));
  const entries: LiveEntry[] = [];
  for (let seq = first; seq < first + opts.windowSize; seq++) {
    const segment = source.segments[seq % n]!;
    entries.push({ seq, uri: withQuery(segment.uri, `seq=${seq}`), duration: segment.duration, discontinuity: seq > 0 && seq % n === 0 });
  }
  return {
    mediaSequence: first,
    // Wrap points strictly before the first entry: k·n for k ≥ 1 and k·n < first.
    discontinuitySequence: first > 0 ? Math.floor((first - 1) / n) : 0,
    targetDuration: source.targetDuration,
    entries,
  };
}

export function renderLivePlaylist(window: LiveWindow, version: number): string {
  const lines = [
    '#EXTM3U',
    `#EXT-X-VERSION:${version}`,
    `#EXT-X-TARGETDURATION:${window.targetDuration}`,
    `#EXT-X-MEDIA-SEQUENCE:${window.mediaSequence}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${window.discontinuitySequence}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  for (const e of window.entries) {
    if (e.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXTINF:${e.duration.toFixed(6)},`, e.uri);
  }
  return `${lines.join('\n')}\n`;
}

/** The live media playlist for `source` at `nowMs` (URIs without tokens). */
export function livePlaylist(source: SourcePlaylist, nowMs: number, opts: LiveWindowOptions = DEFAULT_LIVE_WINDOW): string {
  return renderLivePlaylist(liveWindow(source, nowMs, opts), source.version);
}

function withQuery(uri: string, param: string): string {
  return `${uri}${uri.includes('?') ? '&' : '?'}${param}`;
}
