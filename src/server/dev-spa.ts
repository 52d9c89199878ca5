// The SPA under `npm run dev`: Vite in middleware mode on the app's own origin (hot reload,
// no build step), behind the same security headers as `npm start`. The CSP differs only by
// what Vite needs: its inline scripts (the React refresh preamble) and the <style> elements
// it injects for each imported CSS file carry a nonce (Vite's `html.cspNonce`, one random
// value per dev server: a per-response nonce would mean rewriting Vite's HTML), and the
// HMR websocket is in connect-src. No 'unsafe-inline' in dev either.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createServer, type ViteDevServer } from 'vite';
import { isServerPath } from './http/server-paths.ts';
import { contentSecurityPolicy } from './http/security-headers.ts';

export interface DevSpaOptions {
  /** The origins the SPA talks to besides its own (the IdP), as in `npm start`. */
  connectSrc: string[];
  /** The app's public origin: the HMR websocket's (ws://host:port). */
  appOrigin: string;
}

/** The nonce and the dev policy; exported for the test. */
export function devPolicy(opts: DevSpaOptions, nonce: string): string {
  const ws = new URL(opts.appOrigin);
  ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';
  const source = `'nonce-${nonce}'`;
  return contentSecurityPolicy(opts.connectSrc, { scriptSrc: [source], styleSrc: [source], connectSrc: [ws.origin] });
}

export async function installDevSpa(app: FastifyInstance, opts: DevSpaOptions): Promise<ViteDevServer> {
  const nonce = randomBytes(18).toString('base64');
  const csp = devPolicy(opts, nonce);
  const vite = await createServer({ server: { middlewareMode: true, hmr: { server: app.server } }, appType: 'spa', html: { cspNonce: nonce } });
  // After the security headers' own hook (installed by buildApp): Vite's responses keep all
  // of them, with the dev policy in place of the production one.
  app.addHook('onRequest', (request, reply, done) => {
    if (isServerPath(request.url)) return done();
    reply.raw.setHeader('content-security-policy', csp);
    reply.hijack();
    vite.middlewares(request.raw, reply.raw, () => {
      reply.raw.statusCode = 404;
      reply.raw.end('Not found');
    });
  });
  app.addHook('onClose', async () => vite.close());
  return vite;
}
