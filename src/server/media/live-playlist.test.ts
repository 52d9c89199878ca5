// The live window as a pure function of the clock: where it starts, what each entry
// plays, where the discontinuities are, and that the numbering agrees across reloads.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { liveWindow, livePlaylist, parseMediaPlaylist, type SourcePlaylist } from './live-playlist.ts';

const source = parseMediaPlaylist(readFileSync('media/news-24/360p.m3u8', 'utf8'));
const SLOT = 4000;
const opts = { epochMs: 1_000_000, windowSize: 4 };

/** Per entry: seq → discontinuity number, as a client computes it (RFC 8216 §6.3.1 / m3u8-parser). */
function discontinuityNumbers(text: string): Map<number, number> {
  const out = new Map<number, number>();
  let number = Number(/^#EXT-X-DISCONTINUITY-SEQUENCE:(\d+)$/m.exec(text)![1]);
  let seq = Number(/^#EXT-X-MEDIA-SEQUENCE:(\d+)$/m.exec(text)![1]);
  for (const line of text.split('\n')) {
    if (line === '#EXT-X-DISCONTINUITY') number++;
    else if (line !== '' && !line.startsWith('#')) out.set(seq++, number);
  }
  return out;
}

describe('parseMediaPlaylist', () => {
  it('reads the committed news-24 loop: 5 segments of 4 s, target duration 4', () => {
    expect(source.targetDuration).toBe(4);
    expect(source.segments.map((s) => s.uri)).toEqual(['360p_000.ts', '360p_001.ts', '360p_002.ts', '360p_003.ts', '360p_004.ts']);
    expect(source.segments.every((s) => s.duration === 4)).toBe(true);
  });

  it('refuses a playlist without segments', () => {
    expect(() => parseMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:4\n')).toThrow();
  });
});

describe('liveWindow', () => {
  it('MEDIA-SEQUENCE = floor((now − epoch) / 4000), a window of 4 consecutive entries', () => {
    for (const [offset, first] of [
      [0, 0],
      [3999, 0],
      [4000, 1],
      [4001, 1],
      [41_000, 10],
      [4000 * 1234 + 17, 1234],
    ] as const) {
      const w = liveWindow(source, opts.epochMs + offset, opts);
      expect(w.mediaSequence).toBe(first);
      expect(w.entries.map((e) => e.seq)).toEqual([first, first + 1, first + 2, first + 3]);
    }
  });

  it('before the epoch it stays at 0', () => {
    expect(liveWindow(source, opts.epochMs - 60_000, opts).mediaSequence).toBe(0);
  });

  it('entry seq plays source segment seq mod 5, with a URI unique per seq', () => {
    const w = liveWindow(source, opts.epochMs + SLOT * 1233, opts);
    expect(w.entries.map((e) => e.uri)).toEqual(['360p_003.ts?seq=1233', '360p_004.ts?seq=1234', '360p_000.ts?seq=1235', '360p_001.ts?seq=1236']);
    expect(w.entries.map((e) => e.discontinuity)).toEqual([false, false, true, false]);
  });

  it('keeps a discontinuity on the first entry when it wraps, and counts it in DISCONTINUITY-SEQUENCE only once it has slid out', () => {
    const atWrap = liveWindow(source, opts.epochMs + SLOT * 10, opts); // first entry: seq 10 = segment 0
    expect(atWrap.entries[0]).toMatchObject({ seq: 10, discontinuity: true });
    expect(atWrap.discontinuitySequence).toBe(1);
    const after = liveWindow(source, opts.epochMs + SLOT * 11, opts);
    expect(after.discontinuitySequence).toBe(2);
    expect(after.entries.some((e) => e.discontinuity)).toBe(false);
  });

  it('discontinuity numbers agree with floor(seq / N) for every window, source length and start', () => {
    for (let n = 1; n <= 6; n++) {
      const src: SourcePlaylist = { version: 3, targetDuration: 4, segments: Array.from({ length: n }, (_, i) => ({ uri: `s${i}.ts`, duration: 4 })) };
      for (let first = 0; first < 40; first++) {
        const text = livePlaylist(src, first * SLOT, { epochMs: 0, windowSize: 4 });
        for (const [seq, number] of discontinuityNumbers(text)) expect(number, `n=${n} first=${first} seq=${seq}`).toBe(Math.floor(seq / n));
      }
    }
  });
});

describe('livePlaylist', () => {
  it('is a live media playlist: target duration 4, sequence tags, no ENDLIST or PLAYLIST-TYPE', () => {
    const text = livePlaylist(source, opts.epochMs + SLOT * 7 + 5, opts);
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-TARGETDURATION:4',
        '#EXT-X-MEDIA-SEQUENCE:7',
        '#EXT-X-DISCONTINUITY-SEQUENCE:1',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXTINF:4.000000,',
        '360p_002.ts?seq=7',
        '#EXTINF:4.000000,',
        '360p_003.ts?seq=8',
        '#EXTINF:4.000000,',
        '360p_004.ts?seq=9',
        '#EXT-X-DISCONTINUITY',
        '#EXTINF:4.000000,',
        '360p_000.ts?seq=10',
        '',
      ].join('\n'),
    );
  });

  it('numbers every segment the same way in every reload across wraps, and DISCONTINUITY-SEQUENCE never goes back', () => {
    const seen = new Map<number, number>();
    let lastDs = -1;
    for (let t = 0; t <= 60_000; t += 500) {
      const text = livePlaylist(source, opts.epochMs + t, opts);
      const ds = Number(/^#EXT-X-DISCONTINUITY-SEQUENCE:(\d+)$/m.exec(text)![1]);
      expect(ds).toBeGreaterThanOrEqual(lastDs);
      lastDs = ds;
      for (const [seq, number] of discontinuityNumbers(text)) {
        if (seen.has(seq)) expect(number).toBe(seen.get(seq));
        seen.set(seq, number);
      }
    }
    expect(lastDs).toBeGreaterThanOrEqual(2);
  });
});
