// The recorder's bounds, per-device attribution, reset, and that no query string or
// token ever gets into an event.
import { describe, expect, it } from 'vitest';
import { JourneyRecorder, type JourneyEventInput } from './journey-recorder.ts';
import { safePath } from './safe-path.ts';

const call = (path: string, extra: Partial<JourneyEventInput> = {}): JourneyEventInput => ({ at: 1_000, from: 'App', to: 'Playgate', method: 'GET', path, status: 200, ms: 3, ...extra });
const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz';

describe('JourneyRecorder', () => {
  it('keeps each device to its own events, oldest first, with increasing seq', () => {
    const r = new JourneyRecorder();
    r.record('device-a', call('/a/1'));
    r.record('device-b', call('/b/1'));
    r.record('device-a', call('/a/2'));
    const a = r.read('device-a');
    expect(a.events.map((e) => e.path)).toEqual(['/a/1', '/a/2']);
    expect(a.events[0]!.seq).toBeLessThan(a.events[1]!.seq);
    expect(r.read('device-b').events.map((e) => e.path)).toEqual(['/b/1']);
    expect(r.read('device-unknown').events).toEqual([]);
    expect(r.deviceCount).toBe(2);
  });

  it('answers only what came after `since`, and the latest seq', () => {
    const r = new JourneyRecorder();
    const first = r.record('d', call('/1'));
    r.record('d', call('/2'));
    const later = r.read('d', first.seq);
    expect(later.events.map((e) => e.path)).toEqual(['/2']);
    expect(later.seq).toBe(first.seq + 1);
  });

  it('holds at most eventsPerDevice per device, dropping the oldest', () => {
    const r = new JourneyRecorder({ eventsPerDevice: 3 });
    for (let i = 1; i <= 7; i++) r.record('d', call(`/${i}`));
    expect(r.read('d').events.map((e) => e.path)).toEqual(['/5', '/6', '/7']);
    expect(r.read('d', r.read('d').seq - 1).events.map((e) => e.path)).toEqual(['/7']);
  });

  it('holds at most `devices` devices, forgetting the least recently used', () => {
    const r = new JourneyRecorder({ devices: 2 });
    r.record('a', call('/a'));
    r.record('b', call('/b'));
    r.read('a'); // a is now more recent than b
    r.record('c', call('/c'));
    expect(r.deviceCount).toBe(2);
    expect(r.read('b').events).toEqual([]);
    expect(r.read('a').events).toHaveLength(1);
    expect(r.read('c').events).toHaveLength(1);
  });

  it('bounds the playback-session links too', () => {
    const r = new JourneyRecorder({ playbackSessions: 2 });
    r.bindPlaybackSession('s1', 'a');
    r.bindPlaybackSession('s2', 'b');
    r.bindPlaybackSession('s3', 'c');
    expect(r.deviceOfPlaybackSession('s1')).toBeUndefined();
    expect(r.deviceOfPlaybackSession('s3')).toBe('c');
  });

  it('reset forgets the device only, and later events still come after the returned seq', () => {
    const r = new JourneyRecorder({ clock: () => 42 });
    r.record('a', call('/old'));
    r.record('b', call('/other'));
    const reset = r.reset('a');
    expect(reset).toEqual({ events: [], seq: 2, now: 42 });
    expect(r.read('a').events).toEqual([]);
    expect(r.read('b').events).toHaveLength(1);
    r.record('a', call('/new'));
    expect(r.read('a', reset.seq).events.map((e) => e.path)).toEqual(['/new']);
  });

  it('never keeps a query string, a fragment or a token, whatever it is given', () => {
    const r = new JourneyRecorder();
    r.record('d', call(`/media/news-24/master.m3u8?token=${JWT}&device=d`));
    r.record('d', call(`/api/v2/authenticate/callback?code=abc&state=xyz#frag`));
    r.record('d', call(`/media/news-24/${JWT}/seg.ts`));
    r.record('d', call(`http://localhost:8082/token?client_secret=s`, { from: 'Playgate', to: 'MVPD' }));
    const events = r.read('d').events;
    expect(events.map((e) => e.path)).toEqual(['/media/news-24/master.m3u8', '/api/v2/authenticate/callback', '/media/news-24/…/seg.ts', '/token']);
    const all = JSON.stringify(events);
    expect(all).not.toContain('?');
    expect(all).not.toContain('eyJ');
    expect(all).not.toContain('state=');
  });

  it('keeps a trace id only when it looks like one, and caps labels', () => {
    const r = new JourneyRecorder();
    const good = r.record('d', call('/x', { trace: '0123456789abcdef', label: 'x'.repeat(500) }));
    const bad = r.record('d', call('/y', { trace: 'not a trace <script>' }));
    expect(good.trace).toBe('0123456789abcdef');
    expect(good.label).toHaveLength(120);
    expect(bad.trace).toBeUndefined();
  });
});

describe('safePath', () => {
  it('keeps the path of relative and absolute URLs and caps its length', () => {
    expect(safePath('/a/b?c=d')).toBe('/a/b');
    expect(safePath('https://mvpd.example/api/authorize?x=1')).toBe('/api/authorize');
    expect(safePath(`/${'a'.repeat(400)}`)).toHaveLength(200);
  });
});
