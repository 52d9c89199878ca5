// /admin/degradation: set, list and remove a degradation rule per MVPD (AuthNAll, AuthZAll,
// AuthZNone), admin-authenticated. The plugin also owns the app's in-memory snapshot of
// the rules: first load before the Pass routes serve, periodic reload, stop on close.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import { SafeText } from '../../shared/api/safe-text.ts';
import { PassError } from '../http/pass-error.ts';
import { adminGuard } from '../http/admin-auth.ts';
import type { PassContext } from '../context/pass-context.ts';
import { degradationRulesFor } from './degradation-rules.ts';
import { DEGRADATION_RULES, DegradationStore } from './degradation-store.ts';

const RuleSchema = Type.Object({
  mvpd: Type.String(),
  rule: Type.Union(DEGRADATION_RULES.map((r) => Type.Literal(r))),
  details: Type.Union([Type.String(), Type.Null()]),
  notBefore: Type.Integer(),
  notAfter: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.Integer(),
  /** In force now (not expired, started). */
  active: Type.Boolean(),
});
const tags = ['Admin: degraded access'];
const MvpdParam = Type.Object({ mvpd: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.-]+$' }) });

export const degradationRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  const rules = degradationRulesFor(ctx.db);
  await rules.start();
  app.addHook('onClose', async () => rules.stop());

  const requireAdmin = adminGuard(ctx.config);
  if (!requireAdmin) return;
  const requestor = ctx.config.requestor.id;
  const store = new DegradationStore(ctx.db);
  const mvpdIds = new Set(ctx.config.mvpds.map((m) => m.id));
  const view = (r: Awaited<ReturnType<DegradationStore['list']>>[number], now = Date.now()) => {
    const { requestor: _requestor, ...rest } = r;
    return { ...rest, active: r.notBefore <= now && (r.notAfter === null || r.notAfter > now) };
  };

  // Authenticate before anything reads the request: no token, 401 (never a 400 about the body).
  app.addHook('onRequest', async (request) => requireAdmin(request));

  app.get(
    '/degradation',
    { schema: { tags, summary: 'The degradation rules (one per MVPD)', response: { 200: Type.Object({ rules: Type.Array(RuleSchema) }), '4xx': ErrorBodySchema } } },
    async () => ({ rules: (await store.list()).filter((r) => r.requestor === requestor).map((r) => view(r)) }),
  );

  app.put(
    '/degradation/:mvpd',
    {
      schema: {
        tags,
        summary: 'Apply a degradation rule to an MVPD (replaces its current one)',
        description:
          'AuthNAll: sessions answer authorize/direct (reasonType degraded), profiles/{mvpd} answers a "degraded" profile, and decisions Permit without a profile. ' +
          'AuthZAll: decisions for authenticated viewers Permit without asking the MVPD. AuthZNone: decisions Deny with authorization_denied_by_degradation_rule. ' +
          'Decisions carry source "degradation" and the trace names the rule. Every instance applies it within 2 s (this one at once). ttlSeconds: the rule ends by itself.',
        params: MvpdParam,
        body: Type.Object(
          {
            rule: Type.Union(DEGRADATION_RULES.map((r) => Type.Literal(r))),
            ttlSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * 24 * 3600 })),
            details: Type.Optional(SafeText(256, 1)),
          },
          { additionalProperties: false },
        ),
        response: { 200: RuleSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request) => {
      if (!mvpdIds.has(request.params.mvpd)) throw new PassError('invalid_parameter_mvpd', `no MVPD "${request.params.mvpd}"`);
      const now = Date.now();
      const { rule, ttlSeconds, details } = request.body;
      const saved = await store.put({ requestor, mvpd: request.params.mvpd, rule, details: details ?? null, notBefore: now, notAfter: ttlSeconds ? now + ttlSeconds * 1000 : null }, now);
      await rules.refresh();
      request.log.warn({ mvpd: saved.mvpd, rule: saved.rule, notAfter: saved.notAfter }, 'degradation rule applied');
      return view(saved, now);
    },
  );

  app.delete(
    '/degradation/:mvpd',
    { schema: { tags, summary: "Remove an MVPD's degradation rule", params: MvpdParam, response: { 200: Type.Object({ removed: Type.Boolean() }), '4xx': ErrorBodySchema } } },
    async (request) => {
      if (!(await store.remove(requestor, request.params.mvpd))) throw new PassError('not_found', `no degradation rule for "${request.params.mvpd}"`);
      await rules.refresh();
      request.log.warn({ mvpd: request.params.mvpd }, 'degradation rule removed');
      return { removed: true };
    },
  );
};
