// Mounts an oidc-provider (a Koa app) inside a Fastify instance: every path under the
// issuer's path (e.g. `/oidc` for `http://host/oidc`; everything for an issuer without
// a path) that the instance does not route itself goes to the provider, with the raw
// request and an unread body (the provider parses its own bodies).
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import { routeProviderLogs } from './provider-logging.ts';

/** The path part of an issuer URL, without a trailing slash: '' or e.g. '/oidc'. */
export function issuerPath(issuer: string): string {
  return new URL(issuer).pathname.replace(/\/+$/, '');
}

export async function mountProvider(app: FastifyInstance, provider: Provider): Promise<void> {
  // Before callback(): the provider's log output goes through this app's redacting logger.
  routeProviderLogs(provider, app.log);
  const callback = provider.callback();
  const prefix = issuerPath(provider.issuer);
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    scope.route({
      method: ['GET', 'POST', 'OPTIONS', 'HEAD', 'DELETE', 'PUT'],
      url: `${prefix}/*`,
      schema: {},
      handler: (request, reply) => {
        reply.hijack();
        callback(prefix ? stripMountPath(request.raw, prefix) : request.raw, reply.raw);
      },
    });
  });
}

/**
 * What Express does for `app.use('/oidc', provider.callback())`: the provider routes on
 * the path below the mount, and finds the mount again (for the URLs it prints) from
 * `originalUrl` minus `url` (or `baseUrl`).
 */
function stripMountPath(req: IncomingMessage, prefix: string): IncomingMessage {
  const original = req.url ?? '/';
  const rest = original.slice(prefix.length);
  Object.assign(req, { originalUrl: original, baseUrl: prefix });
  req.url = rest.startsWith('/') ? rest : `/${rest}`;
  return req;
}
