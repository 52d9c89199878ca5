// Wires monitoring into the app: the metric hooks (synchronous onResponse and onError,
// no promise and no query per request), the decision listener, the ESM roll-up job, and
// the admin routes (/metrics, /esm/v3, the decision export, the conformance reports).
// Without an admin token configured the routes do not exist; the metrics are still kept.
import type { FastifyInstance } from 'fastify';
import type { PassContext } from '../context/pass-context.ts';
import { adminGuard } from '../http/admin-auth.ts';
import { databasePoolUse } from '../db/database.ts';
import { onDecisionsRecorded } from '../entitlement/decision-audit.ts';
import { isErrorCode } from '../../shared/error-codes.ts';
import type { Lifecycle } from '../lifecycle/lifecycle.ts';
import type { JourneyLog } from '../journey/shared-journey-log.ts';
import { PlaygateMetrics } from './metrics.ts';
import { metricsRoutes } from './metrics-routes.ts';
import { esmRoutes } from './esm/esm-routes.ts';
import { scheduleRollUp } from './esm/esm-rollup.ts';
import { exportRoutes } from './export/export-routes.ts';
import { ConformanceCheck } from './conformance/conformance-check.ts';
import { conformanceRoutes } from './conformance/conformance-routes.ts';

/** Route templates the session counters watch (full URLs, as Fastify reports them). */
const SESSIONS_ROUTE = '/api/v2/:serviceProvider/sessions';
const CALLBACK_ROUTE = '/api/v2/authenticate/callback';

export interface Monitoring {
  metrics: PlaygateMetrics;
  conformance: ConformanceCheck;
}

const installed = new WeakMap<FastifyInstance, Monitoring>();

/** The monitoring installed on `app` (tests drive the conformance state's sync through it). */
export function monitoringOf(app: FastifyInstance): Monitoring | undefined {
  return installed.get(app);
}

export async function installMonitoring(app: FastifyInstance, ctx: PassContext, opts: { lifecycle: Lifecycle; journey?: JourneyLog; rollUpIntervalMs?: number; conformanceSyncMs?: number }): Promise<Monitoring> {
  const metrics = new PlaygateMetrics(ctx.config, {
    breakerStates: () => ctx.config.mvpds.map((m) => ({ mvpd: m.id, state: ctx.mvpdGateway.breaker(m).state })),
    databasePing: async () => {
      const started = performance.now();
      await ctx.db.selectFrom('esm_watermarks').select('source').limit(1).execute();
      return (performance.now() - started) / 1000;
    },
    inFlight: () => opts.lifecycle.inFlight,
    databasePool: () => databasePoolUse(ctx.db),
  });
  const conformance = new ConformanceCheck(ctx, metrics, (err) => app.log.warn({ err: String(err) }, 'conformance state not synced; will retry'));
  conformance.journey = opts.journey;
  conformance.shared.start(opts.conformanceSyncMs);
  onDecisionsRecorded(ctx.db, (entries) => {
    metrics.observeDecisions(entries);
    conformance.decided(entries);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    const status = reply.statusCode;
    metrics.observeRequest(request.method, route, status, reply.elapsedTime);
    if (route === SESSIONS_ROUTE) {
      if (status === 200 && request.method === 'POST') metrics.sessionsCreated.inc();
    } else if (route === CALLBACK_ROUTE) {
      // 302 on to the app's redirectUrl: the profile is saved; otherwise an error page.
      if (status === 302) {
        metrics.sessionsCompleted.inc();
        metrics.profilesCreated.inc();
      } else if (status >= 400) metrics.sessionsFailed.inc();
    }
    conformance.observe(request, reply);
    done();
  });
  app.addHook('onError', (request, _reply, error, done) => {
    if (request.routeOptions.url?.startsWith('/media/')) {
      const code = (error as { code?: unknown }).code;
      metrics.gatekeeperRefusal(isErrorCode(code) ? code : (error as { validation?: unknown }).validation ? 'invalid_request' : 'other');
    }
    done();
  });

  const stopRollUp = scheduleRollUp(ctx.db, (msg, detail) => app.log.warn(detail ?? {}, msg), opts.rollUpIntervalMs);
  app.addHook('onClose', async () => {
    onDecisionsRecorded(ctx.db, undefined);
    await stopRollUp();
    // A store already gone at shutdown (a dropped test schema, a lost connection) must not
    // fail the close: the warnings not stored are said in the log.
    await conformance.flush().catch((err: unknown) => app.log.warn({ err: String(err) }, 'conformance warnings not stored at shutdown'));
    await conformance.shared.stop().catch((err: unknown) => app.log.warn({ err: String(err) }, 'conformance state not stored at shutdown'));
  });

  const requireAdmin = adminGuard(ctx.config);
  if (requireAdmin) {
    await app.register(metricsRoutes, { metrics, requireAdmin });
    await app.register(esmRoutes, { db: ctx.db, requireAdmin });
    await app.register(exportRoutes, { prefix: '/playgate/v1', db: ctx.db, requireAdmin });
    await app.register(conformanceRoutes, {
      prefix: '/playgate/v1',
      conformance,
      requireAdmin,
      clientExists: async (id) => Boolean(await ctx.db.selectFrom('clients').select('client_id').where('client_id', '=', id).executeTakeFirst()),
    });
  }
  const monitoring = { metrics, conformance };
  installed.set(app, monitoring);
  return monitoring;
}
