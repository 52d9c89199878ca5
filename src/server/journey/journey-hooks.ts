// Feeds the journey recorder from the Playgate app. One event per request that belongs
// to a device, found (in this order) from: the AP-Device-Identifier header; a master
// playlist's `device=`; a child media request's playback session (`sid`, linked to its
// device when the master was served); the authenticate leg's session (by code, or by the
// MVPD callback's `state`). Plus one event per HTTP call the MVPD gateway makes while
// serving such a request, attributed through an AsyncLocalStorage scope, with that
// request's trace id as its parent (caused-by), so the view orders it by cause, not by clock.
// Only the method, the path (never the query), the status and the time are kept.
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import type { JourneyLane } from '../../shared/api/journey.ts';
import { DEVICE_ID_PATTERN, parseDeviceIdentifier } from '../../shared/device-identifier.ts';
import type { MvpdCall } from '../mvpd-client/mvpd-gateway.ts';
import type { PassContext } from '../context/pass-context.ts';
import { SessionStore } from '../pass/session-store.ts';
import { MVPD_AUTHORIZE_PATH } from '../mvpd/mvpd-app.ts';
import type { JourneyLog } from './shared-journey-log.ts';
import { safePath } from './safe-path.ts';

/** The routes the hooks treat specially (full URLs, as Fastify reports them). */
export const JOURNEY_ROUTES = {
  authenticate: '/api/v2/authenticate/:serviceProvider/:code',
  callback: '/api/v2/authenticate/callback',
  media: '/media/:resource/:file',
  journey: '/playgate/v1/journey',
  trace: '/playgate/v1/traces/:trace',
} as const;

/** The journey view's own calls: recording them would only record the view watching itself. */
const IGNORED = new Set<string>([JOURNEY_ROUTES.journey, JOURNEY_ROUTES.trace]);

interface Scope {
  device: string | null;
  /** The trace id of the request being served: the parent of the calls made for it. */
  trace: string;
}

interface Tracked {
  scope: Scope;
  /** The async scope the request's later hooks and handler run in. */
  resource: AsyncResource;
  startedAt: number;
}

export function installJourneyHooks(app: FastifyInstance, ctx: PassContext, recorder: JourneyLog): void {
  const scopes = new AsyncLocalStorage<Scope>();
  const tracked = new WeakMap<FastifyRequest, Tracked>();
  const sessions = new SessionStore(ctx.db);

  // The scope is entered here and re-entered before the handler: Fastify runs the later
  // hooks and the handler from the request's 'end' event, outside this async context
  // (the pattern of @fastify/request-context).
  app.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    // Serving a playlist or a segment never calls the MVPD: no scope to attribute a call to,
    // so media requests are recorded in onResponse alone (a player asks for a segment every
    // few seconds, and a busy gatekeeper thousands of times a second).
    if (route === JOURNEY_ROUTES.media || (route !== undefined && IGNORED.has(route))) return done();
    const device = deviceOf(request, route, recorder);
    if (!device && route !== JOURNEY_ROUTES.authenticate && route !== JOURNEY_ROUTES.callback) return done();
    const scope: Scope = { device, trace: request.id };
    scopes.run(scope, () => {
      const resource = new AsyncResource('playgate-journey');
      tracked.set(request, { scope, resource, startedAt: Date.now() });
      resource.runInAsyncScope(done, request.raw);
    });
  });

  app.addHook('preHandler', (request, _reply, done) => {
    const t = tracked.get(request);
    if (!t) return done();
    const proceed = () => t.resource.runInAsyncScope(done, request.raw);
    if (t.scope.device) return proceed();
    sessionDevice(request, sessions)
      .then((device) => (t.scope.device = device), () => undefined)
      .finally(proceed);
  });

  // Synchronous (with `done`): no promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    if (request.routeOptions.url === JOURNEY_ROUTES.media) recordMedia(request, reply);
    else {
      const t = tracked.get(request);
      if (t) {
        tracked.delete(request);
        if (t.scope.device) record(request, reply, t.scope.device, t.startedAt);
      }
    }
    done();
  });

  function recordMedia(request: FastifyRequest, reply: FastifyReply): void {
    const startedAt = Date.now() - Math.round(reply.elapsedTime);
    const device = deviceOf(request, JOURNEY_ROUTES.media, recorder);
    if (device) return record(request, reply, device, startedAt);
    // A playback session another instance opened: its link is in the shared journey log.
    // Looked up after the answer, which never waits for the journey.
    const pt = (request.query as { pt?: unknown }).pt;
    const sid = claimOf(typeof pt === 'string' ? pt : undefined, 'sid');
    if (!sid) return;
    recorder.findPlaybackSession(sid).then(
      (found) => found && record(request, reply, found, startedAt),
      () => undefined,
    );
  }

  function record(request: FastifyRequest, reply: FastifyReply, device: string, startedAt: number): void {
    const route = request.routeOptions.url;
    const status = reply.statusCode;
    const { from, to, label } = describeRequest(route, request, status);
    recorder.record(device, { at: startedAt, from, to, method: request.method, path: request.url, status, ms: reply.elapsedTime, ...(label ? { label } : {}), trace: request.id });
    if (route === JOURNEY_ROUTES.media && (request.params as { file?: string }).file === 'master.m3u8' && status === 200) {
      const sid = claimOf(mediaTokenOf(request), 'jti');
      if (sid) recorder.bindPlaybackSession(sid, device);
    }
  }

  ctx.mvpdGateway.observer = (call: MvpdCall) => {
    const scope = scopes.getStore();
    if (!scope?.device) return;
    const path = safePath(call.url);
    recorder.record(scope.device, { at: call.startedAt, from: 'Playgate', to: 'MVPD', method: call.method, path, status: call.status, ms: call.ms, label: mvpdLabel(path, call), parent: scope.trace });
  };
}

function deviceOf(request: FastifyRequest, route: string | undefined, recorder: JourneyLog): string | null {
  const header = request.headers['ap-device-identifier'];
  const fromHeader = parseDeviceIdentifier(Array.isArray(header) ? header[0] : header);
  if (fromHeader) return fromHeader;
  if (route !== JOURNEY_ROUTES.media) return null;
  const query = request.query as { device?: unknown; pt?: unknown };
  if ((request.params as { file?: string }).file === 'master.m3u8') {
    return typeof query.device === 'string' && DEVICE_ID_PATTERN.test(query.device) ? query.device : null;
  }
  // Decoded for attribution only: the gatekeeper verifies it, and only sessions opened
  // by a master playlist it served are known here.
  const sid = typeof query.pt === 'string' ? sessionOfPlaybackToken(query.pt) : undefined;
  return sid ? (recorder.deviceOfPlaybackSession(sid) ?? null) : null;
}

/**
 * A playback token's `sid`, remembered per token: every segment of a playback carries the
 * same one, and decoding it on each request was a measurable part of a gated segment.
 * Keyed by the token's signature (unique per token) rather than the whole ~700 characters,
 * which the map would hash on every request: this is attribution, never authorization.
 */
const sidByPlaybackToken = new Map<string, string | undefined>();
const MAX_REMEMBERED_TOKENS = 5000;
function sessionOfPlaybackToken(token: string): string | undefined {
  const key = token.slice(token.lastIndexOf('.') + 1);
  if (sidByPlaybackToken.has(key)) return sidByPlaybackToken.get(key);
  const sid = claimOf(token, 'sid');
  if (sidByPlaybackToken.size >= MAX_REMEMBERED_TOKENS) sidByPlaybackToken.clear();
  sidByPlaybackToken.set(key, sid);
  return sid;
}

/** The authenticate leg carries no device header: its session knows the device. */
async function sessionDevice(request: FastifyRequest, sessions: SessionStore): Promise<string | null> {
  const route = request.routeOptions.url;
  if (route === JOURNEY_ROUTES.authenticate) {
    const { serviceProvider, code } = request.params as { serviceProvider: string; code: string };
    return (await sessions.findAny(serviceProvider, code))?.device_id ?? null;
  }
  if (route === JOURNEY_ROUTES.callback) {
    const state = (request.query as { state?: unknown }).state;
    return typeof state === 'string' && state.length <= 200 ? ((await sessions.findByState(state))?.device_id ?? null) : null;
  }
  return null;
}

function describeRequest(route: string | undefined, request: FastifyRequest, status: number): { from: JourneyLane; to: JourneyLane; label?: string } {
  const redirected = status >= 300 && status < 400;
  switch (route) {
    // Both legs are the viewer's browser navigating (the MVPD popup), not the app calling:
    // the popup opening Playgate's authenticate URL, and the browser sent back by the MVPD.
    case JOURNEY_ROUTES.authenticate:
      return { from: 'Viewer', to: 'Playgate', label: redirected ? 'authenticate: on to the MVPD login' : 'authenticate refused' };
    case JOURNEY_ROUTES.callback:
      return { from: 'Viewer', to: 'Playgate', label: redirected ? 'MVPD login done: profile saved' : 'MVPD login refused' };
    case JOURNEY_ROUTES.media: {
      const file = (request.params as { file?: string }).file ?? '';
      return { from: 'App', to: 'Media', label: file === 'master.m3u8' ? 'master playlist' : file.endsWith('.m3u8') ? 'media playlist' : 'segment' };
    }
    default:
      return { from: 'App', to: 'Playgate' };
  }
}

function mvpdLabel(path: string, call: MvpdCall): string {
  const what = path.endsWith(MVPD_AUTHORIZE_PATH)
    ? 'MVPD authorization'
    : path.endsWith('/token')
      ? 'MVPD login: code exchange'
      : path.includes('/.well-known/')
        ? 'MVPD discovery'
        : path.endsWith('/jwks')
          ? 'MVPD signing keys'
          : 'MVPD call';
  return call.failure ? `${what} (no answer: ${call.failure})` : what;
}

function mediaTokenOf(request: FastifyRequest): string | undefined {
  const token = (request.query as { token?: unknown }).token;
  if (typeof token === 'string') return token;
  const auth = request.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
}

/** A string claim of a token, decoded (never trusted: attribution only). */
function claimOf(token: string | undefined, claim: 'jti' | 'sid'): string | undefined {
  if (!token || token.length > 8192) return undefined;
  try {
    const value = decodeJwt(token)[claim];
    return typeof value === 'string' && value.length <= 128 ? value : undefined;
  } catch {
    return undefined;
  }
}
