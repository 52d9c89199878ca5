// The media gatekeeper (/media/*). Checks, in order, on every request:
// 1. master playlist: a media token (`?token=` or Bearer) that verifies as `media+jwt`;
//    any other file: a playback token (`?pt=`) that verifies as `playback+jwt`;
// 2. the token's `resource` claim is this very resource;
// 3. the token is bound to a device (`did`, required) and `?device=` names that device
//    (master playlist: the media token's device; every other file: the playback token's,
//    which is the media token's); a master's media token's `requestor` is one this
//    deployment serves;
// 4. only then the file: it must exist as a regular file under the media root (else 404) —
//    the token comes first, so file names cannot be enumerated without one;
// 5. master playlist only: the token is spent (single use, recorded in the database).
// No token → 401; a bad, expired, foreign or spent token, or another device → 403; in every
// case no media byte. A refused request never spends the token; a HEAD on the master
// playlist counts as its use.
//
// The master playlist hands out a playback token (same `sid` as the media token's jti, same
// `did`) carried in the URIs it rewrites. The device is NOT written into those URIs: the
// player adds `device=` to each request itself, so a URL copied from a log or a referrer
// does not play elsewhere without the device id. Playback tokens are short (VOD and live
// alike: minutes) and renewed: any playlist or segment requested with a token past half
// its life comes back with a fresh one in `x-playgate-playback-token` (and, for playlists,
// in the URIs), never beyond the playback session (`sxp`). A paused player renews with a
// HEAD of its media playlist. Only master playlists touch the database.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JWTPayload } from 'jose';
import { Type, type Static } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import { PassError } from '../http/pass-error.ts';
import type { Db } from '../db/database.ts';
import { deviceHash } from '../context/device-hash.ts';
import type { TokenService } from '../tokens/token-service.ts';
import { CLOCK_TOLERANCE_S, type TokenKind } from '../tokens/token-kinds.ts';
import { parseRange } from './byte-range.ts';
import { DEFAULT_LIVE_WINDOW, livePlaylist, parseMediaPlaylist, type LiveWindowOptions, type SourcePlaylist } from './live-playlist.ts';
import { CONTENT_TYPES, extensionOf, MediaFiles } from './media-files.ts';
import { rewritePlaylist } from './playlist-rewrite.ts';
import { SpentMediaTokens } from './spent-media-tokens.ts';

/** The response header carrying a renewed playback token. */
export const PLAYBACK_TOKEN_HEADER = 'x-playgate-playback-token';

export interface GatekeeperOptions {
  tokens: TokenService;
  files: MediaFiles;
  /** Where spent media tokens are recorded. */
  db: Db;
  /** The playback session: the longest any playback token is renewed for. */
  playbackTokenTtlSeconds: number;
  /** Live playback tokens (default: 120, never more than the session). */
  livePlaybackTokenTtlSeconds?: number | undefined;
  /** VOD playback tokens (default: 300, never more than the session). */
  vodPlaybackTokenTtlSeconds?: number | undefined;
  /** The requestors (Pass service provider, Playback API tenants) whose media tokens play here (default: any). */
  requestors?: ReadonlySet<string>;
  /** Resources served as live channels. */
  liveResources?: ReadonlySet<string>;
  /** The live window's origin and size (default: epoch 0, 4 segments). */
  liveWindow?: Partial<LiveWindowOptions>;
  /** Epoch ms; injected by tests. Drives the live window and every token check. */
  clock?: () => number;
}

interface MediaClaims extends JWTPayload {
  resource?: unknown;
  /** Media and playback tokens: hash of the device the Permit was for. */
  did?: unknown;
  /** Media tokens: the requestor (service provider or tenant) it was issued for. */
  requestor?: unknown;
  /** TempPass media and playback tokens: the end of the pass (epoch s), enforced without tolerance. */
  pxp?: unknown;
  /** Playback tokens: the session (the jti of the media token that opened it). */
  sid?: unknown;
  /** Playback tokens: end of the playback session (epoch s); renewals stop there. */
  sxp?: unknown;
}

const Params = Type.Object({ resource: Type.String({ maxLength: 64 }), file: Type.String({ maxLength: 80 }) });
const Query = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 8192, description: 'Master playlist: the media token of a Permit' })),
  pt: Type.Optional(Type.String({ maxLength: 8192, description: 'Child playlists and segments: the playback token the master playlist handed out' })),
  device: Type.Optional(Type.String({ maxLength: 512, description: 'Every file: the device id the media token (and so the playback token) was issued to' })),
  seq: Type.Optional(Type.String({ maxLength: 20, description: 'Live segments: the media sequence number (makes each URI unique)' })),
});

export const gatekeeperRoutes: FastifyPluginAsyncTypebox<GatekeeperOptions> = async (app, opts) => {
  const { tokens, files, playbackTokenTtlSeconds } = opts;
  const clock = opts.clock ?? Date.now;
  const liveTtl = Math.min(opts.livePlaybackTokenTtlSeconds ?? DEFAULT_LIVE_TTL_S, playbackTokenTtlSeconds);
  const vodTtl = Math.min(opts.vodPlaybackTokenTtlSeconds ?? DEFAULT_VOD_TTL_S, playbackTokenTtlSeconds);
  const liveResources = opts.liveResources ?? new Set<string>();
  const windowOpts: LiveWindowOptions = { ...DEFAULT_LIVE_WINDOW, ...opts.liveWindow };
  const spent = new SpentMediaTokens(opts.db, { onPurgeError: (err) => app.log.warn({ err }, 'purging spent media tokens failed') });
  const sources = new WeakMap<Buffer, SourcePlaylist>();
  const sourceOf = (bytes: Buffer) => {
    let s = sources.get(bytes);
    if (!s) sources.set(bytes, (s = parseMediaPlaylist(bytes.toString('utf8'))));
    return s;
  };

  app.route({
    method: ['GET', 'HEAD'],
    url: '/:resource/:file',
    schema: {
      tags: ['Media gatekeeper'],
      summary: 'Gated HLS: master playlist with a media token, everything else with the playback token it hands out',
      description:
        'Segments honour a single byte range (`Range: bytes=a-b`, `a-`, `-n` → 206; past the end → 416). ' +
        `Live media playlists may return a renewed playback token in \`${PLAYBACK_TOKEN_HEADER}\`.`,
      params: Params,
      querystring: Query,
      response: { 200: Type.Any({ description: 'An HLS playlist or segment' }), 206: Type.Any({ description: 'Part of a segment' }), '4xx': ErrorBodySchema },
    },
    // Not an async function: what a playing session repeats (a segment or media playlist with
    // the playback token verified before, the bytes in memory, no renewal due) is answered
    // synchronously, without a promise; everything else goes through `serve`.
    handler: (request, reply) => {
      const { resource, file } = request.params;
      if (file !== 'master.m3u8') {
        const now = clock();
        const claims = verifiedBefore(tokens, 'playback', request.query.pt, resource, now);
        if (claims) {
          checkDevice(claims, request.query.device, 'playback');
          checkPassEnd(claims, now);
          const bytes = files.readNow(resource, file);
          if (bytes && !renewalDue(claims, now)) return void sendFile(request, reply, bytes, request.query.pt!, now);
        }
      }
      return serve(request, reply);
    },
  });

  async function serve(request: MediaRequest, reply: FastifyReply): Promise<unknown> {
    const { resource, file } = request.params;
    const readFile = async () => {
      const bytes = await files.read(resource, file);
      if (!bytes) throw new PassError('not_found', `${resource}/${file}`.slice(0, 140));
      return bytes;
    };
    const now = clock();
    const live = liveResources.has(resource);

    if (file === 'master.m3u8') {
      const claims = await checkToken(tokens, 'media', request.query.token ?? bearer(request), resource, now);
      checkDevice(claims, request.query.device, 'media');
      if (opts.requestors && (typeof claims.requestor !== 'string' || !opts.requestors.has(claims.requestor))) {
        throw new PassError('media_token_invalid', 'the media token is for another requestor');
      }
      const bytes = await readFile();
      // Kept until the token could no longer verify (exp + clock tolerance).
      if (!(await spent.spend(claims.jti!, (claims.exp! + CLOCK_TOLERANCE_S) * 1000, now))) {
        throw new PassError('media_token_replayed');
      }
      const nowS = Math.floor(now / 1000);
      // A TempPass media token carries the pass end (pxp): no playback token outlives it.
      const passEnd = typeof claims.pxp === 'number' ? claims.pxp : Infinity;
      const sessionEnd = Math.min(nowS + playbackTokenTtlSeconds, passEnd);
      if (sessionEnd <= nowS) throw new PassError('media_token_invalid', 'the free preview is over');
      const playback = await tokens.sign(
        'playback',
        { resource, sid: claims.jti, did: claims.did, ...(claims.sub ? { sub: claims.sub } : {}), sxp: sessionEnd, ...(passEnd !== Infinity ? { pxp: passEnd } : {}) },
        Math.min(live ? liveTtl : vodTtl, sessionEnd - nowS),
        now,
      );
      return sendPlaylist(reply, rewritePlaylist(bytes.toString('utf8'), playback.token));
    }

    // The handler's synchronous checks, for what it could not answer at once: a playback
    // token not verified before, bytes not in memory yet, or a renewal due.
    const claims = verifiedBefore(tokens, 'playback', request.query.pt, resource, now) ?? (await checkToken(tokens, 'playback', request.query.pt, resource, now));
    checkDevice(claims, request.query.device, 'playback');
    checkPassEnd(claims, now);
    const bytes = files.readNow(resource, file) ?? (await readFile());
    let token = request.query.pt!;
    const renewed = renewalDue(claims, now) ? await renew(tokens, claims, resource, live ? liveTtl : vodTtl, now) : null;
    if (renewed) {
      token = renewed;
      reply.header(PLAYBACK_TOKEN_HEADER, renewed);
    }
    return sendFile(request, reply, bytes, token, now);
  }

  /** A media playlist (its URIs carrying `token`) or a segment (honouring one byte range). */
  function sendFile(request: MediaRequest, reply: FastifyReply, bytes: Buffer, token: string, now: number): FastifyReply {
    const { resource, file } = request.params;
    const ext = extensionOf(file);
    if (ext === 'm3u8') {
      if (!liveResources.has(resource)) return sendPlaylist(reply, rewritePlaylist(bytes.toString('utf8'), token));
      return sendPlaylist(reply, rewritePlaylist(livePlaylist(sourceOf(bytes), now, windowOpts), token));
    }

    reply.header('content-type', CONTENT_TYPES[ext]!);
    reply.header('cache-control', 'private, max-age=3600');
    reply.header('accept-ranges', 'bytes');
    const range = parseRange(request.headers.range, bytes.length);
    if (range === 'unsatisfiable') {
      reply.header('content-range', `bytes */${bytes.length}`);
      throw new PassError('range_not_satisfiable', `the file has ${bytes.length} bytes`);
    }
    if (range) {
      reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${bytes.length}`);
      return reply.send(bytes.subarray(range.start, range.end + 1));
    }
    return reply.send(bytes);
  }
};

/** What `serve` and `sendFile` read of the route's request (its params and query as validated). */
type MediaRequest = Pick<FastifyRequest, 'headers'> & { params: Static<typeof Params>; query: Static<typeof Query> };

/** A TempPass ends exactly when it ends (no clock tolerance on `pxp`). */
function checkPassEnd(claims: MediaClaims, now: number): void {
  if (typeof claims.pxp === 'number' && claims.pxp * 1000 <= now) throw new PassError('media_token_invalid', 'the free preview is over');
}

function sendPlaylist(reply: FastifyReply, text: string) {
  reply.header('content-type', CONTENT_TYPES.m3u8!);
  reply.header('cache-control', 'no-store');
  return reply.send(text);
}

/** Playback token lifetimes when the config names none (seconds). */
export const DEFAULT_LIVE_TTL_S = 120;
export const DEFAULT_VOD_TTL_S = 300;

/**
 * The token is bound to a device and `device` (the request's `?device=`) is that device.
 * A token bound to none is refused too: every token this gatekeeper accepts names one.
 */
function checkDevice(claims: MediaClaims, device: string | undefined, kind: 'media' | 'playback'): void {
  if (typeof claims.did !== 'string') throw new PassError('media_token_invalid', `the ${kind} token is bound to no device`);
  if (!device) throw new PassError('media_token_invalid', `the ${kind} token is bound to a device: name it with device=`);
  if (deviceHash(device) !== claims.did) throw new PassError('media_token_invalid', `the ${kind} token was issued to another device`);
}

/**
 * A fresh playback token when `claims` has less than half its life left: same session
 * (`sid`, `sxp`), same resource and device, never past the session's end. Null otherwise.
 */
async function renew(tokens: TokenService, claims: MediaClaims, resource: string, ttl: number, now: number): Promise<string | null> {
  if (!renewalDue(claims, now)) return null;
  const exp = claims.exp!;
  const nowS = Math.floor(now / 1000);
  const sessionEnd = typeof claims.sxp === 'number' ? claims.sxp : exp;
  const lifetime = Math.min(ttl, sessionEnd - nowS);
  if (lifetime <= 0) return null;
  const signed = await tokens.sign(
    'playback',
    { resource, ...(claims.sid !== undefined ? { sid: claims.sid } : {}), did: claims.did, ...(claims.sub ? { sub: claims.sub } : {}), sxp: sessionEnd, ...(typeof claims.pxp === 'number' ? { pxp: claims.pxp } : {}) },
    lifetime,
    now,
  );
  return signed.token;
}

/** Less than half of the token's life is left. */
function renewalDue({ iat, exp }: MediaClaims, now: number): boolean {
  if (typeof iat !== 'number' || typeof exp !== 'number') return false;
  return exp * 1000 - now < ((exp - iat) * 1000) / 2;
}

/**
 * The claims of a token the token service verified before and that is still valid, checked
 * against this resource like `checkToken`'s; undefined when it must be verified (`checkToken`).
 */
function verifiedBefore(tokens: TokenService, kind: TokenKind, token: string | undefined, resource: string, now: number): MediaClaims | undefined {
  const claims = tokens.verifiedBefore<MediaClaims>(kind, token, now);
  if (claims && claims.resource !== resource) throw new PassError('media_token_invalid', 'the token is for another resource');
  return claims;
}

async function checkToken(tokens: TokenService, kind: TokenKind, token: string | undefined, resource: string, now: number): Promise<MediaClaims> {
  if (!token) throw new PassError('media_token_missing');
  let claims: MediaClaims;
  try {
    claims = await tokens.verify<MediaClaims>(kind, token, { now });
  } catch (err) {
    throw new PassError('media_token_invalid', (err as Error).message);
  }
  if (claims.resource !== resource) throw new PassError('media_token_invalid', 'the token is for another resource');
  return claims;
}

function bearer(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const h = request.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}
