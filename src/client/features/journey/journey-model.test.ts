// Merging the app's calls with the server's events, folding repeats, and the order of
// request and answer arrows (nested calls inside the request that caused them).
import { describe, expect, it } from 'vitest';
import { answerText, callText, fromCallRecord, LANES, mergeJourney, sequenceSteps } from './journey-model.ts';
import { storyOf } from './journey-story.ts';
import { tveJourney } from './journey-fixtures.test-support.ts';

const line = (i: ReturnType<typeof mergeJourney>[number]) => `${i.from}->${i.to} ${callText(i)} ${i.status}`;

describe('mergeJourney', () => {
  it('puts app calls and server events on the app clock, oldest first, a call both saw kept once', () => {
    const items = mergeJourney(tveJourney());
    expect(items.map(line)).toEqual([
      'App->Playgate POST /api/v2/PLAYGATE/sessions 200',
      'Viewer->Playgate GET /api/v2/authenticate/PLAYGATE/ABCDEFG 302',
      'App->Playgate GET /api/v2/PLAYGATE/profiles/code/ABCDEFG ×2 404',
      'Viewer->Playgate GET /api/v2/authenticate/callback 302',
      'Playgate->MVPD POST /token 200',
      'App->Playgate GET /api/v2/PLAYGATE/profiles/code/ABCDEFG 200',
      'App->Playgate POST /api/v2/PLAYGATE/decisions/authorize/Skyline 200',
      'Playgate->MVPD POST /api/authorize 200',
      'App->Media GET /media/news-24/master.m3u8 200',
      'App->Media GET /media/news-24/360p.m3u8 ×2 200',
      'App->Media GET /media/news-24/360p_001.ts ×2 200',
    ]);
    const sessions = items[0]!;
    expect(sessions).toMatchObject({ source: 'app', start: 10_000, end: 10_040, trace: 'aaaa000000000001' });
    expect(items.find((i) => i.path === '/token')).toMatchObject({ source: 'server', start: 19_000, replyTo: 'Playgate' });
    // The MVPD popup's legs are the viewer's browser navigating: on its lane, answered (a redirect) to it.
    for (const path of ['/api/v2/authenticate/PLAYGATE/ABCDEFG', '/api/v2/authenticate/callback']) expect(items.find((i) => i.path === path)).toMatchObject({ from: 'Viewer', replyTo: 'Viewer' });
  });

  it("counts a server event that stands for several segments (the server folds back-to-back ones)", () => {
    const input = tveJourney();
    const events = input.events.map((e) => (e.path.endsWith('360p_002.ts') ? { ...e, count: 5 } : e));
    expect(mergeJourney({ ...input, events }).map(line).at(-1)).toBe('App->Media GET /media/news-24/360p_001.ts ×6 200');
  });

  it('starts after the reset point', () => {
    const items = mergeJourney({ ...tveJourney(), events: [], afterCallId: 4 });
    expect(items.map((i) => i.path)).toEqual(['/api/v2/PLAYGATE/decisions/authorize/Skyline']);
  });
});

describe('causal order from parent ids', () => {
  // The clock estimate is off: by the app's clock the MVPD calls would start before the
  // requests that caused them (the authorize starts at 22 000, its MVPD call at 20 510).
  const skewed = () => {
    const j = tveJourney();
    return {
      ...j,
      events: j.events.map((e) =>
        e.path === '/api/authorize' ? { ...e, at: 21_510, parent: 'aaaa000000000005' } : e.path === '/token' ? { ...e, at: 19_000, parent: 'bbbb000000000002' } : e,
      ),
    };
  };

  it('places a call right after the request the server names as its parent, whatever the clocks say', () => {
    const paths = mergeJourney(skewed()).map((i) => i.path);
    expect(paths.indexOf('/api/authorize')).toBe(paths.indexOf('/api/v2/PLAYGATE/decisions/authorize/Skyline') + 1);
    expect(paths.indexOf('/token')).toBe(paths.indexOf('/api/v2/authenticate/callback') + 1);
    // By time alone it would come first.
    const byTime = mergeJourney({ ...skewed(), events: skewed().events.map(({ parent: _p, ...e }) => e) }).map((i) => i.path);
    expect(byTime.indexOf('/api/authorize')).toBeLessThan(byTime.indexOf('/api/v2/PLAYGATE/decisions/authorize/Skyline'));
  });

  it("draws it inside its parent, before Playgate's answer", () => {
    const steps = sequenceSteps(mergeJourney(skewed()));
    const i = (pred: (s: (typeof steps)[number]) => boolean) => steps.findIndex(pred);
    const authorizeCall = i((s) => s.kind === 'call' && s.item.path === '/api/v2/PLAYGATE/decisions/authorize/Skyline');
    const mvpdCall = i((s) => s.kind === 'call' && s.item.path === '/api/authorize');
    const authorizeAnswer = i((s) => s.kind === 'answer' && s.item.path === '/api/v2/PLAYGATE/decisions/authorize/Skyline');
    expect(authorizeCall).toBeLessThan(mvpdCall);
    expect(mvpdCall).toBeLessThan(authorizeAnswer);
    expect(steps[mvpdCall]!.depth).toBe(1);
  });

  it('keeps a call whose parent is not in the journey in its place in time', () => {
    const j = tveJourney();
    const items = mergeJourney({ ...j, events: j.events.map((e) => (e.path === '/api/authorize' ? { ...e, parent: 'ffff000000000000' } : e)) });
    expect(items.map((x) => x.path)).toEqual(mergeJourney(tveJourney()).map((x) => x.path));
  });
});

describe('sequenceSteps', () => {
  it('draws a call the callee makes inside the request that caused it', () => {
    const steps = sequenceSteps(mergeJourney(tveJourney()));
    const text = steps.map((s) => (s.kind === 'call' ? `${s.item.from}->${s.item.to} ${s.item.path}` : `${s.item.to}-->${s.item.replyTo} ${answerText(s.item)}`));
    const at = (t: string) => text.indexOf(t);
    expect(at('Viewer->Playgate /api/v2/authenticate/callback')).toBeLessThan(at('Playgate->MVPD /token'));
    expect(at('Playgate->MVPD /token')).toBeLessThan(at('MVPD-->Playgate 200 · 30 ms'));
    expect(at('MVPD-->Playgate 200 · 30 ms')).toBeLessThan(at('Playgate-->Viewer 302 · 60 ms'));
    expect(at('App->Playgate /api/v2/PLAYGATE/decisions/authorize/Skyline')).toBeLessThan(at('Playgate->MVPD /api/authorize'));
    expect(at('MVPD-->Playgate 200 · 20 ms')).toBeLessThan(at('Playgate-->App 200 · 50 ms'));
    expect(steps.filter((s) => s.kind === 'call')).toHaveLength(11);
    expect(steps.find((s) => s.kind === 'call' && s.item.path === '/api/authorize')!.depth).toBe(1);
  });
});

describe('the Viewer lane', () => {
  it("draws the viewer's steps (a popup, a provider's login page) from the leftmost lane, with no answer arrow", () => {
    expect(LANES[0]).toBe('Viewer');
    const popup = fromCallRecord({ id: 90, at: 30_000, party: 'Viewer', method: 'POPUP', path: 'Skyline sign-in', status: 200, ms: 0, note: 'the app opens a popup' });
    const login = fromCallRecord({ id: 91, at: 34_000, party: 'MVPD', from: 'Viewer', method: 'SIGN-IN', path: 'Skyline login page', status: 200, ms: 4000, note: 'the viewer on the TV provider’s own page' });
    const closed = fromCallRecord({ id: 92, at: 34_001, party: 'Viewer', inbound: true, method: 'CLOSE', path: 'popup', status: 200, ms: 0 });
    expect([popup, login, closed].map((i) => `${i.from}->${i.to}`)).toEqual(['App->Viewer', 'Viewer->MVPD', 'Viewer->App']);
    expect(login.start).toBe(30_000);
    const steps = sequenceSteps([popup, login, closed]);
    expect(steps.map((st) => st.kind)).toEqual(['call', 'call', 'call']);
    expect(storyOf(login)).toMatchObject({ system: 'Viewer (browser)', line: 'the viewer on the TV provider’s own page' });
  });
});
