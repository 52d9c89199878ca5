// Mounts an oidc-provider (a Koa app) inside a Fastify instance: every path the
// instance does not route itself goes to the provider, with the raw request and an
// unread body (the provider parses its own bodies).
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';

export async function mountProvider(app: FastifyInstance, provider: Provider): Promise<void> {
  const callback = provider.callback();
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    scope.route({
      method: ['GET', 'POST', 'OPTIONS', 'HEAD', 'DELETE', 'PUT'],
      url: '/*',
      schema: {},
      handler: (request, reply) => {
        reply.hijack();
        callback(request.raw, reply.raw);
      },
    });
  });
}
