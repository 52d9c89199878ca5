// /cm/v2 — Concurrency Monitoring API v2 compatible (Adobe's help/concurrency-monitoring):
// sessions (start, heartbeat, end), running streams and required metadata. Bodies of the
// evaluation outcomes are Adobe's: 409 rule-violation, 410 remote-termination (or no body
// when the session simply expired or ended), 400 with a `refresh metadata` obligation,
// 429 with no body and `Expires`. Anything else malformed is the enhanced error body.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import { EvaluationResultSchema, RunningStreamsSchema } from '../../shared/api/concurrency.ts';
import type { PassContext } from '../context/pass-context.ts';
import { requireApplication } from './cm-auth.ts';
import { requiredMetadata } from './cm-policy.ts';
import { CmSessionStore, type CmApplication } from './cm-session-store.ts';

const PathPart = (description: string) => Type.String({ minLength: 1, maxLength: 256, pattern: '^[^\\u0000-\\u001f\\u007f/]+$', description });
const Metadata = Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }), Type.String({ maxLength: 256, pattern: '^[^\\u0000-\\u001f\\u007f]*$' }), { maxProperties: 32 });
const SessionParams = Type.Object({ idp: PathPart('The MVPD id'), subject: PathPart("The account (the MVPD's upstream user id)") });
const HeartbeatParams = Type.Object({ ...SessionParams.properties, session: Type.String({ format: 'uuid', description: 'The session id (the Location of the start)' }) });
const Headers = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Basic <base64 of "applicationId:">' })),
  'x-terminate': Type.Optional(Type.String({ maxLength: 512, description: 'Comma-separated termination codes of streams to evict (stop-old rules)' })),
});
const NoContent = Type.Unknown({ description: 'No body' });
const tags = ['Concurrency Monitoring v2'];

export const cmRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  const cm = ctx.config.concurrency;
  if (!cm) return;
  const policies = new Map(cm.policies.map((p) => [p.name, p]));
  const apps = new Map<string, CmApplication>();
  for (const a of cm.applications) {
    const policy = policies.get(a.policy);
    // Fails at start-up, naming the setting.
    if (!policy) throw new Error(`concurrency.applications[${a.id}].policy: no policy named "${a.policy}"`);
    apps.set(a.id, { id: a.id, name: a.name, policy });
  }
  const timeoutMs = (cm.sessionTimeoutSeconds ?? 60) * 1000;
  const perMinute = cm.requestsPerMinute ?? 200;
  const store = new CmSessionStore(ctx.db, timeoutMs, new Map(cm.applications.map((a) => [a.id, a.name])), new Map(cm.applications.map((a) => [a.id, a.policy])));

  // Metadata may come as a form body, as query parameters, or not at all: no body is an empty one.
  app.addHook('preValidation', (request, _reply, done) => {
    request.body ??= {};
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  /** Adobe's throttling: over the limit, 429 with no body and `Expires` a minute on. */
  const throttled = async (key: string, reply: FastifyReply): Promise<boolean> => {
    if (await ctx.rateLimiter.take(`cm:${key}`, { ratePerSecond: perMinute / 60, burst: perMinute })) return false;
    reply.code(429).header('expires', new Date(Date.now() + 60_000).toUTCString()).send();
    return true;
  };

  app.get(
    '/metadata',
    { schema: { tags, summary: "The metadata the application's policy needs at session start", headers: Headers, response: { 200: Type.Array(Type.String()), '4xx': ErrorBodySchema } } },
    async (request, reply) => requiredMetadata(requireApplication(apps, request, reply).policy),
  );

  app.post(
    '/sessions/:idp/:subject',
    {
      schema: {
        tags,
        summary: 'Start a stream session: 202 with Location (the session id) and Expires (next heartbeat due)',
        description:
          'Metadata as query parameters or a form body (deviceId, deviceName, channel, assetId, …). Over a limit: 409 with a rule-violation advice naming the conflicting streams; ' +
          'for stop-old rules their terminationCode can be sent back in X-Terminate to evict them (their next heartbeat gets 410 remote-termination).',
        params: SessionParams,
        headers: Headers,
        querystring: Metadata,
        body: Metadata,
        response: { 202: NoContent, 400: Type.Union([EvaluationResultSchema, ErrorBodySchema]), 409: EvaluationResultSchema, 429: NoContent, '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const application = requireApplication(apps, request, reply);
      const { idp, subject } = request.params;
      if (await throttled(`subject:${idp}:${subject}`, reply)) return reply;
      const metadata = { ...request.query, ...request.body };
      const missing = requiredMetadata(application.policy).filter((name) => !metadata[name]);
      if (missing.length > 0) {
        return reply.code(400).send({ associatedAdvice: [], obligations: { namespace: 'adobe.primetime.cm', action: 'refresh', arguments: ['metadata'] } });
      }
      const terminate = new Set((request.headers['x-terminate'] ?? '').split(',').map((c) => c.trim()).filter(Boolean));
      const result = await store.start(application, { idp, subject, metadata, terminate });
      if (result.kind === 'conflict') return reply.code(409).send({ associatedAdvice: result.advice });
      return reply.code(202).header('location', result.sessionId).header('expires', new Date(result.expiresAt).toUTCString()).send();
    },
  );

  app.post(
    '/sessions/:idp/:subject/:session',
    {
      schema: {
        tags,
        summary: 'Heartbeat: 202 with the next Expires; 409 with a rule-violation advice when the stream is over the policy as it is now (the session ends); 410 when the session is gone (with a remote-termination advice when another stream evicted it)',
        params: HeartbeatParams,
        headers: Headers,
        querystring: Metadata,
        body: Metadata,
        response: { 202: NoContent, 409: EvaluationResultSchema, 410: Type.Union([EvaluationResultSchema, NoContent]), 429: NoContent, '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const application = requireApplication(apps, request, reply);
      const { idp, subject, session } = request.params;
      if (await throttled(`session:${session}`, reply)) return reply;
      const result = await store.heartbeat(application, { idp, subject, sessionId: session, metadata: { ...request.query, ...request.body } });
      if (result.kind === 'gone') return reply.code(410).send();
      if (result.kind === 'terminated') return reply.code(410).send({ associatedAdvice: [result.advice], obligations: [] });
      if (result.kind === 'conflict') return reply.code(409).send({ associatedAdvice: result.advice });
      return reply.code(202).header('expires', new Date(result.expiresAt).toUTCString()).send();
    },
  );

  app.delete(
    '/sessions/:idp/:subject/:session',
    {
      schema: { tags, summary: 'End a stream session: 202, or 410 when it was already gone', params: HeartbeatParams, headers: Headers, response: { 202: NoContent, 410: NoContent, 429: NoContent, '4xx': ErrorBodySchema } },
    },
    async (request, reply) => {
      const application = requireApplication(apps, request, reply);
      const { idp, subject, session } = request.params;
      if (await throttled(`session:${session}`, reply)) return reply;
      return reply.code((await store.end(application, { idp, subject, sessionId: session })) ? 202 : 410).send();
    },
  );

  app.get(
    '/runningStreams/:idp/:subject',
    {
      schema: {
        tags,
        summary: "The account's live streams on every application, with their terminationCode; Expires: when the first one expires without a heartbeat",
        params: SessionParams,
        headers: Headers,
        response: { 200: RunningStreamsSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      requireApplication(apps, request, reply);
      const rows = await store.running(request.params.idp, request.params.subject);
      if (rows.length > 0) reply.header('expires', new Date(Math.min(...rows.map((r) => r.expires_at))).toUTCString());
      return {
        runningStreams: rows.map((r) => ({
          sessionId: r.session_id,
          startTime: r.started_at,
          applicationId: r.application_id,
          applicationName: apps.get(r.application_id)?.name ?? r.application_id,
          terminationCode: r.termination_code,
          metadata: JSON.parse(r.metadata) as Record<string, string>,
        })),
        otherStreams: 0,
      };
    },
  );
};
