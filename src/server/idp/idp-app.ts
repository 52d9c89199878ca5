// The identity provider's HTTP app (:8081): its own login page plus the mounted provider,
// both under the issuer's path when it has one (http://host:8081/oidc → /oidc/…).
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type Provider from 'oidc-provider';
import { mountProvider } from '../oidc/mount-provider.ts';
import { escapeHtml, loginForm, renderPage } from '../oidc/html-page.ts';
import { createIdpProvider, interactionPath, type IdpDeps } from './idp-provider.ts';
import { finishWithGrant } from '../oidc/finish-with-grant.ts';
import { redactingLogger } from '../http/log-redaction.ts';
import { installSecurityHeaders } from '../http/security-headers.ts';
import { guardCors } from './cors-guard.ts';

export interface IdpApp {
  app: FastifyInstance;
  provider: Provider;
}

const LoginBody = Type.Object({
  username: Type.String({ maxLength: 200 }),
  password: Type.String({ maxLength: 200 }),
});

export async function buildIdpApp(deps: IdpDeps, opts: { logger?: boolean | object } = {}): Promise<IdpApp> {
  const provider = createIdpProvider(deps);
  const { idp } = deps.config;
  const app = Fastify({ logger: redactingLogger(opts.logger), bodyLimit: 16 * 1024 });
  // Its pages are popups of the app: no opener policy (see security-headers.ts).
  installSecurityHeaders(app);
  guardCors(app, new URL(deps.config.app.publicUrl).origin);
  await app.register(formbody);

  const page = (uid: string, error?: string, username?: string) =>
    renderPage({
      title: 'Sign in — Playgate ID',
      body: loginForm({
        action: `${interactionPath(idp.issuer, escapeHtml(uid))}/login`,
        heading: 'Sign in to Playgate ID',
        intro: 'Your publisher account gives you access on every Playgate app.',
        ...(error ? { error } : {}),
        ...(username ? { username } : {}),
        hint: `Demo viewers: alice, bob, carol (password "${idp.demoPassword}").`,
      }),
    });

  app.get(interactionPath(idp.issuer), { schema: { params: Type.Object({ uid: Type.String({ maxLength: 100 }) }) } }, async (request, reply) => {
    const details = await provider.interactionDetails(request.raw, reply.raw);
    if (details.prompt.name === 'login') return reply.type('text/html').send(page(details.uid));
    // A signed-in viewer on our own first-party app: consent is implied.
    reply.hijack();
    await finishWithGrant(provider, request.raw, reply.raw, details, { accountId: String(details.session?.accountId), login: false });
  });

  app.post(`${interactionPath(idp.issuer)}/login`, { schema: { params: Type.Object({ uid: Type.String({ maxLength: 100 }) }), body: LoginBody } }, async (request, reply) => {
    const details = await provider.interactionDetails(request.raw, reply.raw);
    const { username, password } = request.body as { username: string; password: string };
    const viewer = idp.viewers.find((v) => v.username === username.trim());
    if (!viewer || password !== (viewer.password ?? idp.demoPassword)) {
      return reply.status(401).type('text/html').send(page(details.uid, 'Wrong username or password.', username));
    }
    reply.hijack();
    await finishWithGrant(provider, request.raw, reply.raw, details, { accountId: viewer.username, login: true });
  });

  await mountProvider(app, provider);
  return { app, provider };
}
