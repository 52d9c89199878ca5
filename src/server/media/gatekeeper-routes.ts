// The media gatekeeper (/media/*). Checks, in order, on every request:
// 1. the resource and file name are known (else 404, nothing read from disk);
// 2. master playlist: a media token (`?token=` or Bearer) that verifies as `media+jwt`;
//    any other file: a playback token (`?pt=`) that verifies as `playback+jwt`;
// 3. the token's `resource` claim is this very resource.
// No token → 401; a bad, expired or foreign token → 403; in both cases no media byte.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import { PassError } from '../http/pass-error.ts';
import type { TokenService } from '../tokens/token-service.ts';
import type { TokenKind } from '../tokens/token-kinds.ts';
import { CONTENT_TYPES, extensionOf, MediaFiles } from './media-files.ts';
import { rewritePlaylist } from './playlist-rewrite.ts';

export interface GatekeeperOptions {
  tokens: TokenService;
  files: MediaFiles;
  playbackTokenTtlSeconds: number;
}

const Params = Type.Object({ resource: Type.String({ maxLength: 64 }), file: Type.String({ maxLength: 80 }) });
const Query = Type.Object({ token: Type.Optional(Type.String({ maxLength: 8192 })), pt: Type.Optional(Type.String({ maxLength: 8192 })) });

export const gatekeeperRoutes: FastifyPluginAsyncTypebox<GatekeeperOptions> = async (app, { tokens, files, playbackTokenTtlSeconds }) => {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/:resource/:file',
    schema: {
      tags: ['Media gatekeeper'],
      summary: 'Gated HLS: master playlist with a media token, everything else with the playback token it hands out',
      params: Params,
      querystring: Query,
      response: { 200: Type.Any({ description: 'An HLS playlist or segment' }), '4xx': ErrorBodySchema },
    },
    handler: async (request, reply) => {
      const { resource, file } = request.params;
      const bytes = await files.read(resource, file);
      if (!bytes) throw new PassError('not_found', `${resource}/${file}`.slice(0, 140));
      const isMaster = file === 'master.m3u8';
      const claims = await checkToken(tokens, isMaster ? 'media' : 'playback', isMaster ? (request.query.token ?? bearer(request)) : request.query.pt);
      if (claims.resource !== resource) throw new PassError('media_token_invalid', 'the token is for another resource');

      const ext = extensionOf(file);
      reply.header('content-type', CONTENT_TYPES[ext]!);
      if (ext !== 'm3u8') {
        reply.header('cache-control', 'private, max-age=3600');
        return reply.send(bytes);
      }
      reply.header('cache-control', 'no-store');
      const playbackToken = isMaster
        ? (await tokens.sign('playback', { resource, sid: claims.jti, sub: claims.sub }, playbackTokenTtlSeconds)).token
        : request.query.pt!;
      return reply.send(rewritePlaylist(bytes.toString('utf8'), playbackToken));
    },
  });
};

async function checkToken(tokens: TokenService, kind: TokenKind, token: string | undefined) {
  if (!token) throw new PassError('media_token_missing');
  try {
    return await tokens.verify<{ resource?: string; jti?: string; sub?: string }>(kind, token);
  } catch (err) {
    throw new PassError('media_token_invalid', (err as Error).message);
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

