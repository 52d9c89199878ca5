// The embedded IdP's CORS answer: only the app's origin is ever reflected. oidc-provider
// reflects any Origin on routes that are not client-based (userinfo `/me` without a valid
// token, discovery, jwks), so its Access-Control-Allow-Origin is rewritten on the way out:
// the app origin passes, public metadata (discovery, jwks) gets `*`, anything else none.
import type { FastifyInstance } from 'fastify';

const PUBLIC_METADATA = /\/(\.well-known\/openid-configuration|jwks)$/;

export function guardCors(app: FastifyInstance, allowedOrigin: string): void {
  app.addHook('onRequest', async (request, reply) => {
    const raw = reply.raw;
    const path = request.url.split('?')[0]!;
    const setHeader = raw.setHeader.bind(raw);
    raw.setHeader = ((name: string, value: number | string | readonly string[]) => {
      if (name.toLowerCase() !== 'access-control-allow-origin' || value === allowedOrigin) return setHeader(name, value);
      if (PUBLIC_METADATA.test(path)) return setHeader(name, '*');
      return raw;
    }) as typeof raw.setHeader;
  });
}
