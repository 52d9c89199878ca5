// Playgate's Prometheus metric families, one registry per app (tests build several apps in
// one process). Every label value is bounded: routes are route templates, requestors,
// MVPDs and resources come from the config (anything else is `other`), reasons are error
// codes. Observations are synchronous and reuse label children, so a request pays a few
// map look-ups and an array increment, never a promise or a query.
import { Counter, Gauge, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import { FastCounter, FastHistogram, type CounterChild, type HistogramChild } from './fast-metrics.ts';
import type { Config } from '../config/schema.ts';
import type { AuditEntry } from '../entitlement/decision-audit.ts';
import type { BreakerState } from '../mvpd-client/circuit-breaker.ts';
import type { DatabasePoolUse } from '../db/database.ts';

/** Seconds; covers a cached decision (sub-ms) up to an MVPD timeout. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const MVPD_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];
const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export interface MetricsSources {
  /** Each MVPD's breaker state, read at scrape time. */
  breakerStates?: () => Array<{ mvpd: string; state: BreakerState }>;
  /** Round trip of a trivial query, measured at scrape time (seconds). */
  databasePing?: () => Promise<number>;
  /** Requests being served now. */
  inFlight?: () => number;
  /** The database connection pool's use now (db/database.ts). */
  databasePool?: () => DatabasePoolUse | undefined;
}

export class PlaygateMetrics {
  readonly registry = new Registry();
  private readonly requestors: Set<string>;
  private readonly mvpds: Set<string>;
  private readonly resources: Set<string>;

  readonly httpDuration = new FastHistogram('playgate_http_request_duration_seconds', 'HTTP requests by route template, method and status code', ['method', 'route', 'status_code'], HTTP_BUCKETS);
  readonly decisions = new FastCounter('playgate_decisions_total', 'Entitlement decisions by requestor, MVPD, resource, kind, result, deciding source and deny reason', ['requestor', 'mvpd', 'resource', 'kind', 'result', 'source', 'reason']);
  readonly mvpdLatency = new FastHistogram('playgate_mvpd_authorization_duration_seconds', "Time an MVPD took to answer an authorization (Adobe's average MVPD latency, as a histogram)", ['mvpd', 'outcome'], MVPD_BUCKETS);
  readonly mvpdTimeouts = new FastCounter('playgate_mvpd_timeouts_total', 'MVPD authorizations that did not answer within the MVPD timeout', ['mvpd']);
  readonly mediaTokens = new FastCounter('playgate_media_tokens_issued_total', 'Media tokens signed on an authorize Permit', ['requestor', 'mvpd', 'resource']);
  readonly gatekeeperRefusals = new FastCounter('playgate_gatekeeper_refusals_total', 'Media requests the gatekeeper refused, by error code', ['reason']);
  readonly profilesCreated = new FastCounter('playgate_profiles_created_total', 'Authenticated profiles saved at the end of an MVPD login');
  readonly sessionsCreated = new FastCounter('playgate_authn_sessions_created_total', 'Authentication sessions created (POST sessions answered 200)');
  readonly sessionsCompleted = new FastCounter('playgate_authn_sessions_completed_total', 'Authentication sessions completed (the MVPD login came back and the profile was saved)');
  readonly sessionsFailed = new FastCounter('playgate_authn_sessions_failed_total', 'MVPD login answers refused at the callback');
  readonly conformanceWarnings = new FastCounter('playgate_conformance_warnings_total', "Client behaviour breaking Adobe's REST v2 rules, by rule", ['rule']);

  private readonly children = new Map<string, unknown>();

  constructor(config: Config, sources: MetricsSources = {}) {
    this.requestors = new Set([config.requestor.id, ...(config.tenants ?? []).map((t) => t.id)]);
    this.mvpds = new Set(config.mvpds.map((m) => m.id));
    this.resources = new Set(config.resources.map((r) => r.id));
    for (const m of [this.httpDuration, this.decisions, this.mvpdLatency, this.mvpdTimeouts, this.mediaTokens, this.gatekeeperRefusals, this.profilesCreated, this.sessionsCreated, this.sessionsCompleted, this.sessionsFailed, this.conformanceWarnings]) {
      this.registry.registerMetric(m as unknown as Metric<string>);
    }
    // Event-loop lag (nodejs_eventloop_lag_*), heap, GC, handles, CPU.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    const { breakerStates, databasePing, inFlight, databasePool } = sources;
    const registers = [this.registry];
    const mvpds = this.mvpds;
    if (breakerStates) {
      new Gauge({
        name: 'playgate_mvpd_breaker_state',
        help: 'Circuit breaker per MVPD: 0 closed, 1 half-open, 2 open',
        labelNames: ['mvpd'] as const,
        registers,
        collect() {
          for (const b of breakerStates()) this.set({ mvpd: mvpds.has(b.mvpd) ? b.mvpd : 'other' }, BREAKER_VALUE[b.state]);
        },
      });
    }
    if (databasePool) {
      // PostgreSQL: pg's pool (at most 20 connections); SQLite: Kysely's one connection.
      // Registered before the ping so a scrape reads the pool before its own ping query takes a connection.
      new Gauge({
        name: 'playgate_db_pool_connections',
        help: 'Database connections by state (in_use, idle) and the pool maximum (max); SQLite has one',
        labelNames: ['state'] as const,
        registers,
        collect() {
          const use = databasePool();
          if (!use) return;
          this.set({ state: 'in_use' }, use.inUse);
          this.set({ state: 'idle' }, use.idle);
          this.set({ state: 'max' }, use.max);
        },
      });
      new Gauge({
        name: 'playgate_db_pool_waiting_queries',
        help: 'Queries waiting for a database connection',
        registers,
        collect() {
          const use = databasePool();
          if (use) this.set(use.waiting);
        },
      });
      let reported = 0;
      new Counter({
        name: 'playgate_db_pool_busy_seconds_total',
        help: 'Seconds database connections were held by queries and transactions (rate: connections busy on average)',
        registers,
        collect() {
          const use = databasePool();
          if (!use || use.busySeconds <= reported) return;
          this.inc(use.busySeconds - reported);
          reported = use.busySeconds;
        },
      });
    }
    if (databasePing) {
      new Gauge({
        name: 'playgate_db_ping_seconds',
        help: 'Round trip of a trivial query, measured at scrape time (NaN: it failed)',
        registers,
        async collect() {
          this.set(await databasePing().catch(() => Number.NaN));
        },
      });
    }
    if (inFlight) {
      new Gauge({ name: 'playgate_http_requests_in_flight', help: 'Requests being served by this instance', registers, collect() { this.set(inFlight()); } });
    }
  }

  /** One request's duration (ms, as Fastify measures it). */
  observeRequest(method: string, route: string | undefined, status: number, ms: number): void {
    const key = `${method} ${status} ${route ?? ''}`;
    let child = this.children.get(key) as HistogramChild | undefined;
    if (!child) {
      // Only registered route templates are labels: a 404 for a random path is `unmatched`.
      child = this.httpDuration.labels(method.length <= 10 ? method : 'OTHER', route ?? 'unmatched', String(status));
      this.children.set(key, child);
    }
    child.observe(ms / 1000);
  }

  /** Decisions just committed to the audit log. */
  observeDecisions(entries: readonly AuditEntry[]): void {
    for (const e of entries) {
      const r = e.result;
      const requestor = this.bounded(this.requestors, e.requestor);
      const mvpd = e.mvpd ? this.bounded(this.mvpds, e.mvpd) : 'none';
      const resource = this.bounded(this.resources, e.resource);
      const kind = e.kind === 'preauthorize' ? 'preauthorize' : 'authorize';
      const reason = r.decision === 'Deny' ? r.code : '';
      this.counter(this.decisions, `d|${requestor}|${mvpd}|${resource}|${kind}|${r.decision}|${r.source}|${reason}`, [requestor, mvpd, resource, kind, r.decision, r.source, reason]).inc();
      if (r.decision === 'Permit' && kind === 'authorize') this.counter(this.mediaTokens, `m|${requestor}|${mvpd}|${resource}`, [requestor, mvpd, resource]).inc();
      const asked = r.trace.mvpd;
      // A cache hit or an open breaker did not ask the MVPD: no latency to tell.
      if (asked && r.trace.cache !== 'hit' && asked.breaker !== 'open') {
        const outcome = asked.answer;
        this.histogram(this.mvpdLatency, `l|${mvpd}|${outcome}`, [mvpd, outcome]).observe(asked.latencyMs / 1000);
        if (outcome === 'Timeout') this.counter(this.mvpdTimeouts, `t|${mvpd}`, [mvpd]).inc();
      }
    }
  }

  conformance(rule: string): void {
    this.counter(this.conformanceWarnings, `c|${rule}`, [rule]).inc();
  }

  gatekeeperRefusal(reason: string): void {
    this.counter(this.gatekeeperRefusals, `g|${reason}`, [reason]).inc();
  }

  private bounded(known: Set<string>, value: string): string {
    return known.has(value) ? value : 'other';
  }

  private counter(metric: FastCounter, key: string, labels: string[]): CounterChild {
    let c = this.children.get(key) as CounterChild | undefined;
    if (!c) this.children.set(key, (c = metric.labels(...labels)));
    return c;
  }

  private histogram(metric: FastHistogram, key: string, labels: string[]): HistogramChild {
    let c = this.children.get(key) as HistogramChild | undefined;
    if (!c) this.children.set(key, (c = metric.labels(...labels)));
    return c;
  }
}
