// The journey view through a load balancer: events one instance saw are read on another
// (two systems on one SQLite file; on one PostgreSQL schema in `npm run test:pg`), in seq
// order, bounded per device.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientToken, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';
import { SharedJourneyLog } from './shared-journey-log.ts';

const shared = mkdtempSync(join(tmpdir(), 'playgate-journey-'));
const database = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, schema: `t_journey_${process.pid}` } : { file: join(shared, 'shared.sqlite') };
let a: TestSystem;
let b: TestSystem;
beforeAll(async () => {
  a = await startTestSystem(testConfig((raw) => (raw.database = database)));
  b = await startTestSystem(testConfig((raw) => (raw.database = database)));
});
afterAll(async () => {
  await b.dispose();
  await a.dispose();
  rmSync(shared, { recursive: true, force: true });
});

it('a call served by instance A shows in the journey read on instance B', async () => {
  const token = await clientToken(a);
  const device = 'device-shared-journey';
  expect((await a.app.inject({ url: '/api/v2/PLAYGATE/configuration', headers: passHeaders(token, device) })).statusCode).toBe(200);
  let events: Array<{ path: string; seq: number }> = [];
  for (let i = 0; i < 20 && events.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const res = await b.app.inject({ url: '/playgate/v1/journey', headers: passHeaders(token, device) });
    expect(res.statusCode).toBe(200);
    events = res.json().events;
  }
  expect(events.map((e) => e.path)).toContain('/api/v2/PLAYGATE/configuration');
  // Another device's journey stays apart.
  const other = await b.app.inject({ url: '/playgate/v1/journey', headers: passHeaders(token, 'device-someone-else') });
  expect(other.json().events).toEqual([]);
});

it('seqs grow across instances and each device keeps only its newest N events', async () => {
  const logA = new SharedJourneyLog(a.ctx.db, { eventsPerDevice: 3 });
  const logB = new SharedJourneyLog(b.ctx.db, { eventsPerDevice: 3 });
  const ev = (path: string) => ({ at: Date.now(), from: 'App' as const, to: 'Playgate' as const, method: 'GET', path, status: 200, ms: 1 });
  for (let i = 0; i < 3; i++) logA.record('dev-bound', ev(`/a/${i}`));
  await logA.flush();
  for (let i = 0; i < 2; i++) logB.record('dev-bound', ev(`/b/${i}`));
  const read = await logB.read('dev-bound');
  expect(read.events.map((e) => e.path)).toEqual(['/a/2', '/b/0', '/b/1']);
  const seqs = read.events.map((e) => e.seq);
  expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
  expect((await logA.read('dev-bound', seqs[1])).events.map((e) => e.path)).toEqual(['/b/1']);
});

it('a reset forgets only what came before it: an event written while it runs survives', async () => {
  const log = new SharedJourneyLog(a.ctx.db);
  const ev = (path: string) => ({ at: Date.now(), from: 'App' as const, to: 'Playgate' as const, method: 'GET', path, status: 200, ms: 1 });
  log.record('dev-reset', ev('/before'));
  await log.flush();
  const reset = log.reset('dev-reset');
  log.record('dev-reset', ev('/after'));
  const written = log.flush();
  const { seq } = await reset;
  await written;
  expect((await log.read('dev-reset', seq)).events.map((e) => e.path)).toEqual(['/after']);
  expect((await log.read('dev-reset')).events.map((e) => e.path)).toEqual(['/after']);
});

it('folds back-to-back segments of one device into one event with a count, and nothing else', async () => {
  const log = new SharedJourneyLog(a.ctx.db);
  const media = (path: string, label: string, status = 200, ms = 1) => ({ at: Date.now(), from: 'App' as const, to: 'Media' as const, method: 'GET', path, status, ms, label });
  log.record('dev-fold', media('/media/news-24/360p.m3u8', 'media playlist'));
  log.record('dev-fold', media('/media/news-24/360p.m3u8', 'media playlist'));
  log.record('dev-fold', media('/media/news-24/360p_000.ts', 'segment', 200, 3));
  log.record('dev-fold', media('/media/news-24/360p_001.ts', 'segment', 200, 7));
  // Another device in between does not break this device's run, and is not folded into it.
  log.record('dev-fold-other', media('/media/news-24/360p_001.ts', 'segment'));
  log.record('dev-fold', media('/media/news-24/360p_002.ts', 'segment', 200, 2));
  log.record('dev-fold', media('/media/news-24/360p_003.ts', 'segment', 403));
  log.record('dev-fold', media('/media/news-24/360p_004.ts', 'segment'));
  const read = await log.read('dev-fold');
  expect(read.events.map((e) => [e.path, e.status, e.count, e.ms])).toEqual([
    ['/media/news-24/360p.m3u8', 200, undefined, 1],
    ['/media/news-24/360p.m3u8', 200, undefined, 1],
    ['/media/news-24/360p_000.ts', 200, 3, 7],
    ['/media/news-24/360p_003.ts', 403, undefined, 1],
    ['/media/news-24/360p_004.ts', 200, undefined, 1],
  ]);
  expect((await log.read('dev-fold-other')).events.map((e) => e.count)).toEqual([undefined]);
  // A flush ends the run: the next segment is an event of its own (the view sees it ~100 ms later, as before).
  log.record('dev-fold', media('/media/news-24/360p_005.ts', 'segment'));
  const next = await log.read('dev-fold', read.seq);
  expect(next.events.map((e) => [e.path, e.count])).toEqual([['/media/news-24/360p_005.ts', undefined]]);
});
