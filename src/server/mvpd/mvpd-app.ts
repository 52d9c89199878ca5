// The MVPD simulator's HTTP app (:8082): a branded login page per provider, the mounted
// oidc-provider, the logos, and the server-to-server authorization endpoint.
import { timingSafeEqual } from 'node:crypto';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import { Type } from '@sinclair/typebox';
import type Provider from 'oidc-provider';
import { mountProvider } from '../oidc/mount-provider.ts';
import { escapeHtml, loginForm, renderPage } from '../oidc/html-page.ts';
import { finishWithGrant } from '../oidc/finish-with-grant.ts';
import { createMvpdProvider, subscriberIndex, type MvpdDeps } from './mvpd-provider.ts';
import { decideForSubscriber } from './subscriber-decision.ts';
import { SimulatorModes } from './simulator-modes.ts';
import { SIMULATOR_MODES } from '../config/schema.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { redactingLogger } from '../http/log-redaction.ts';
import { installSecurityHeaders } from '../http/security-headers.ts';

export interface MvpdApp {
  app: FastifyInstance;
  provider: Provider;
}

export const MVPD_AUTHORIZE_PATH = '/api/authorize';
export const MVPD_MODES_PATH = '/admin/modes';
/** How many authorization calls each MVPD received (tests of single flight and the breaker). */
export const MVPD_STATS_PATH = '/admin/stats';

const Uid = Type.Object({ uid: Type.String({ maxLength: 100 }) });

export async function buildMvpdApp(deps: MvpdDeps, opts: { logger?: boolean | object } = {}): Promise<MvpdApp> {
  const { config } = deps;
  const provider = createMvpdProvider(deps);
  const subscribers = subscriberIndex(config);
  const mvpds = new Map(config.mvpds.map((m) => [m.id, m]));
  const resources = new Map(config.resources.map((r) => [r.id, r]));
  const modes = new SimulatorModes(config);
  const authorizeCalls: Record<string, number> = {};
  const app = Fastify({ logger: redactingLogger(opts.logger), bodyLimit: 16 * 1024 });
  // Its pages are popups of the app: no opener policy (see security-headers.ts).
  installSecurityHeaders(app);
  await app.register(formbody);
  await app.register(fastifyStatic, { root: resolve('public/logos'), prefix: '/logos/', decorateReply: false });

  /** The home-based subscriber whose home network the browser is on, for this MVPD (the knob), if any. */
  const atHome = (mvpdId: string) => {
    const home = modes.get(mvpdId).homeNetwork;
    const record = home ? subscribers.get(home) : undefined;
    return record && record.mvpd.id === mvpdId && record.subscriber.homeBased ? record.subscriber : undefined;
  };

  const page = (uid: string, mvpdId: string, error?: string, username?: string) => {
    const mvpd = mvpds.get(mvpdId);
    const name = mvpd?.displayName ?? 'your TV provider';
    const demo = mvpd?.subscribers.map((s) => s.username).join(', ');
    const home = atHome(mvpdId);
    // After the password form, so a script that posts the first form still signs in with a password.
    const homeForm = home
      ? `<form method="post" action="/interaction/${escapeHtml(uid)}/home" class="home-network"><h2>You're at home</h2><p>This device is on the ${escapeHtml(name)} home network of household ${escapeHtml(home.householdID)}: no password needed.</p><input type="hidden" name="subscriber" value="${escapeHtml(home.username)}"><button type="submit">Continue as ${escapeHtml(home.username)}</button></form>`
      : '';
    return renderPage({
      title: `Sign in — ${name}`,
      body: loginForm({
        action: `/interaction/${escapeHtml(uid)}/login`,
        heading: `Sign in to ${name}`,
        intro: 'Use your TV provider account to watch on Playgate.',
        ...(mvpd ? { logoUrl: mvpd.logo, logoAlt: `${mvpd.displayName} logo` } : {}),
        ...(error ? { error } : {}),
        ...(username ? { username } : {}),
        ...(demo ? { hint: `Demo subscribers: ${demo} (password "${config.mvpdSimulator.demoPassword}").` } : {}),
      }) + homeForm,
    });
  };

  app.get('/interaction/:uid', { schema: { params: Uid } }, async (request, reply) => {
    const details = await provider.interactionDetails(request.raw, reply.raw);
    const mvpdId = String(details.params.mvpd ?? '');
    const signedIn = details.session?.accountId ? subscribers.get(details.session.accountId) : undefined;
    // A session with another provider does not count: the viewer must sign in to this one.
    if (details.prompt.name === 'login' || signedIn?.mvpd.id !== mvpdId) return reply.type('text/html').send(page(details.uid, mvpdId));
    reply.hijack();
    await finishWithGrant(provider, request.raw, reply.raw, details, { accountId: signedIn.subscriber.username, login: false });
  });

  app.post(
    '/interaction/:uid/login',
    { schema: { params: Uid, body: Type.Object({ username: Type.String({ maxLength: 200 }), password: Type.String({ maxLength: 200 }) }) } },
    async (request, reply) => {
      const details = await provider.interactionDetails(request.raw, reply.raw);
      const mvpdId = String(details.params.mvpd ?? '');
      const { username, password } = request.body as { username: string; password: string };
      const record = subscribers.get(username.trim());
      const ok = record && record.mvpd.id === mvpdId && password === (record.subscriber.password ?? config.mvpdSimulator.demoPassword);
      if (!ok) return reply.status(401).type('text/html').send(page(details.uid, mvpdId, 'Wrong username or password for this provider.', username));
      reply.hijack();
      await finishWithGrant(provider, request.raw, reply.raw, details, { accountId: record.subscriber.username, login: true });
    },
  );

  // Home-based authentication: no password, because the browser is on the subscriber's home
  // network. The knob decides who is at home; the posted name must be that subscriber.
  app.post(
    '/interaction/:uid/home',
    { schema: { params: Uid, body: Type.Object({ subscriber: Type.String({ maxLength: 200 }) }) } },
    async (request, reply) => {
      const details = await provider.interactionDetails(request.raw, reply.raw);
      const mvpdId = String(details.params.mvpd ?? '');
      const home = atHome(mvpdId);
      if (!home || home.username !== (request.body as { subscriber: string }).subscriber) {
        return reply.status(403).type('text/html').send(page(details.uid, mvpdId, 'This device is not on that home network. Sign in with your username and password.'));
      }
      reply.hijack();
      await finishWithGrant(provider, request.raw, reply.raw, details, { accountId: home.username, login: true, amr: ['hba'] });
    },
  );

  // Server to server: Playgate asks whether a subscriber may watch a resource.
  app.post(
    MVPD_AUTHORIZE_PATH,
    {
      schema: {

        body: Type.Object({ mvpd: Type.String({ maxLength: 64 }), subscriber: Type.String({ maxLength: 200 }), resource: Type.String({ maxLength: 200 }) }),
      },
    },
    async (request, reply) => {
      if (!checkBasicAuth(request.headers.authorization, config.mvpdSimulator.clientId, config.mvpdSimulator.clientSecret)) {
        return reply.status(401).header('www-authenticate', 'Basic realm="mvpd"').send({ error: 'invalid_client' });
      }
      const { mvpd, subscriber, resource } = request.body as { mvpd: string; subscriber: string; resource: string };
      authorizeCalls[mvpd] = (authorizeCalls[mvpd] ?? 0) + 1;
      const knob = modes.get(mvpd);
      if (knob.mode === 'down') return reply.status(503).send({ error: 'temporarily_unavailable' });
      if (knob.mode === 'deny') return reply.send({ decision: 'Deny', reason: 'provider_refused' });
      if (knob.mode === 'slow') await sleep(knob.slowMs);
      const record = subscribers.get(subscriber);
      const verdict = decideForSubscriber(record?.mvpd.id === mvpd ? record.subscriber : undefined, resources.get(resource));
      return reply.send(verdict);
    },
  );

  // The failure knobs, for demos and fault tests. Same client credentials as above.
  app.get(MVPD_MODES_PATH, async (request, reply) => {
    if (!checkBasicAuth(request.headers.authorization, config.mvpdSimulator.clientId, config.mvpdSimulator.clientSecret)) return reply.status(401).send({ error: 'invalid_client' });
    return modes.all();
  });
  app.get(MVPD_STATS_PATH, async (request, reply) => {
    if (!checkBasicAuth(request.headers.authorization, config.mvpdSimulator.clientId, config.mvpdSimulator.clientSecret)) return reply.status(401).send({ error: 'invalid_client' });
    return { authorizeCalls };
  });
  app.put(
    `${MVPD_MODES_PATH}/:mvpd`,
    {
      schema: {
        params: Type.Object({ mvpd: Type.String({ maxLength: 64 }) }),
        body: Type.Object({
          mode: Type.Union(SIMULATOR_MODES.map((m) => Type.Literal(m))),
          slowMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120000 })),
          homeNetwork: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
        }),
      },
    },
    async (request, reply) => {
      if (!checkBasicAuth(request.headers.authorization, config.mvpdSimulator.clientId, config.mvpdSimulator.clientSecret)) return reply.status(401).send({ error: 'invalid_client' });
      const { mvpd } = request.params as { mvpd: string };
      if (!mvpds.has(mvpd)) return reply.status(404).send({ error: 'unknown_mvpd' });
      const body = request.body as { mode: (typeof SIMULATOR_MODES)[number]; slowMs?: number; homeNetwork?: string | null };
      if (body.homeNetwork && !(subscribers.get(body.homeNetwork)?.mvpd.id === mvpd && subscribers.get(body.homeNetwork)?.subscriber.homeBased)) {
        return reply.status(400).send({ error: 'not_home_based', error_description: `${body.homeNetwork} is not a home-based subscriber of ${mvpd}` });
      }
      return modes.set(mvpd, body);
    },
  );

  await mountProvider(app, provider);
  return { app, provider };
}

function checkBasicAuth(header: string | undefined, id: string, secret: string): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const given = Buffer.from(header.slice(6), 'base64');
  const expected = Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
