// Watches client behaviour against Adobe's REST v2 rules (conformance-rules.ts) from the
// app's synchronous onResponse hook: per request, a route look-up, and on the few watched
// routes a handful of bounded in-memory maps — no query, no promise. A warning counts in
// /metrics at once, shows in the device's journey view, and is stored for the per-client
// report by a timer, off the request path. The rules' memory is shared by the instances
// (conformance-state.ts): a change marks its key, and a batch a second writes and reads
// the others', so a client spread over instances behind a balancer is seen as one.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import type { PassContext } from '../../context/pass-context.ts';
import { deviceHash } from '../../context/device-hash.ts';
import type { AuditEntry } from '../../entitlement/decision-audit.ts';
import type { JourneyLog } from '../../journey/shared-journey-log.ts';
import { parseDeviceIdentifier } from '../../../shared/device-identifier.ts';
import type { PlaygateMetrics } from '../metrics.ts';
import { CONFORMANCE_RULES, THRESHOLDS, type ConformanceRule } from './conformance-rules.ts';
import { Bounded, SharedMap, SharedSets, SharedState } from './conformance-state.ts';

const P = '/api/v2/:serviceProvider';
const ROUTES = {
  pollCode: `${P}/profiles/code/:code`,
  session: `${P}/sessions/:code`,
  configuration: `${P}/configuration`,
  authorize: `${P}/decisions/authorize/:mvpd`,
  preauthorize: `${P}/decisions/preauthorize/:mvpd`,
  logout: `${P}/logout/:mvpd`,
} as const;
/** Routes whose failures count as retries (polling has its own rule; the journey view's own calls are not the app's). */
const RETRY_EXEMPT = new Set<string>([ROUTES.pollCode]);

export interface StoredWarning {
  id: string;
  client_id: string;
  rule: string;
  at: number;
  device: string | null;
  detail: string;
}

export class ConformanceCheck {
  /** The rules' memory, shared with the other instances. */
  readonly shared: SharedState;
  private readonly clientOfToken = new Bounded<string, string | null>(5000);
  private readonly lastPoll: SharedMap<number>;
  private readonly hasProfile: SharedMap<number>;
  private readonly clientsOfDevice: SharedSets;
  private readonly deviceOfCode: SharedMap<string>;
  private readonly preauthorized: SharedMap<number>;
  private readonly failures: SharedMap<{ count: number; first: number }>;
  private readonly lastDeny: SharedMap<number>;
  private readonly lastStored: SharedMap<number>;
  /** Decisions of requests still being answered, by trace id (set by the audit listener, read at onResponse). */
  private readonly decisionsOfTrace = new Bounded<string, readonly AuditEntry[]>(5000);
  private pending: StoredWarning[] = [];
  private timer: NodeJS.Timeout | undefined;
  journey: JourneyLog | undefined;

  constructor(
    private readonly ctx: PassContext,
    private readonly metrics: PlaygateMetrics,
    onSyncError?: (err: unknown) => void,
  ) {
    const state = (this.shared = new SharedState(ctx.db, onSyncError));
    this.lastPoll = new SharedMap('poll', state);
    this.hasProfile = new SharedMap('profile', state);
    this.clientsOfDevice = new SharedSets('clients', state);
    this.deviceOfCode = new SharedMap('code', state);
    this.preauthorized = new SharedMap('preauthz', state);
    this.failures = new SharedMap('failures', state);
    this.lastDeny = new SharedMap('deny', state);
    this.lastStored = new SharedMap('stored', state);
  }

  /** From the audit listener: the decisions a request made (before its response is sent). */
  decided(entries: readonly AuditEntry[]): void {
    const trace = entries[0]?.trace;
    if (trace) this.decisionsOfTrace.set(trace, entries);
  }

  observe(request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url;
    if (route === undefined || !route.startsWith('/api/v2/')) return;
    const auth = request.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const clientId = token ? this.clientOf(token) : null;
    const decisions = this.decisionsOfTrace.get(request.id);
    if (decisions) this.decisionsOfTrace.delete(request.id);
    if (!clientId) return;
    // The header itself stands for the device here (decoding it on every request cost more
    // than every rule together); it is decoded only when a warning is raised.
    const rawDevice = request.headers['ap-device-identifier'];
    const header = Array.isArray(rawDevice) ? rawDevice[0] : rawDevice;
    const device = header && header.length <= 512 ? header : null;
    const now = Date.now();
    const status = reply.statusCode;
    const warn = (rule: ConformanceRule, detail: string) => this.warn(clientId, rule, device, detail, now, request.id);

    if (device) {
      const clients = this.clientsOfDevice.add(device, clientId, now);
      if (clients > THRESHOLDS.clientsPerDevice) warn('client_registered_per_visit', `${clients} client registrations used from one device`);
    }

    if (!RETRY_EXEMPT.has(route)) {
      const key = `${clientId} ${device ?? ''} ${request.method} ${request.url}`;
      if (status >= 400) {
        const f = this.failures.get(key);
        const next = !f || now - f.first > THRESHOLDS.retryWindowMs ? { count: 1, first: now } : { count: f.count + 1, first: f.first };
        this.failures.put(key, next, now);
        if (next.count === THRESHOLDS.maxRetries + 2) warn('too_many_retries', `${request.method} ${route} failed ${next.count} times in a row (HTTP ${status})`);
      } else this.failures.forget(key, now);
    }

    // One authentication session (its code) is followed from one device.
    if ((route === ROUTES.pollCode || route === ROUTES.session) && device) {
      const code = (request.params as { code?: string }).code ?? '';
      const key = `${clientId} ${code}`;
      const seen = this.deviceOfCode.get(key);
      if (seen === undefined) this.deviceOfCode.put(key, device, now);
      else if (seen !== device) {
        this.deviceOfCode.put(key, device, now);
        warn('device_id_changed', 'the authentication session was followed from two AP-Device-Identifier values');
      }
    }

    switch (route) {
      case ROUTES.pollCode: {
        const code = (request.params as { code?: string }).code ?? '';
        const key = `${clientId} ${code}`;
        const last = this.lastPoll.get(key);
        this.lastPoll.put(key, now, now);
        if (last !== undefined && now - last < THRESHOLDS.minPollIntervalMs) warn('profile_poll_too_fast', `polled again after ${now - last} ms`);
        break;
      }
      case ROUTES.configuration:
        if (device && status === 200 && this.hasProfile.has(device)) warn('configuration_with_profile', 'configuration fetched while the device holds a profile');
        break;
      case ROUTES.preauthorize:
      case ROUTES.authorize: {
        if (!device || !decisions) break;
        // Presence is what counts: written again only once an hour, not on every authorize.
        const held = this.hasProfile.get(device);
        if (held === undefined || now - held > 3600_000) this.hasProfile.put(device, now, now);
        for (const d of decisions) {
          const key = `${device} ${d.mvpd} ${d.resource}`;
          if (route === ROUTES.preauthorize) this.preauthorized.put(key, now, now);
          else {
            const pre = this.preauthorized.get(key);
            if (pre !== undefined && now - pre <= THRESHOLDS.preauthorizeWindowMs) {
              this.preauthorized.forget(key, now);
              warn('preauthorize_before_playback', `preauthorize of ${d.resource} ${now - pre} ms before its authorize`);
            }
            if (d.result.decision === 'Deny') this.lastDeny.put(device, now, now);
          }
        }
        break;
      }
      case ROUTES.logout: {
        if (!device) break;
        this.hasProfile.forget(device, now);
        const deny = this.lastDeny.get(device);
        if (deny !== undefined && now - deny <= THRESHOLDS.logoutAfterDenyMs) {
          this.lastDeny.forget(device, now);
          warn('logout_after_deny', `logout ${now - deny} ms after a Deny`);
        }
        break;
      }
    }
  }

  private clientOf(token: string): string | null {
    const known = this.clientOfToken.get(token);
    if (known !== undefined) return known;
    let clientId: string | null = null;
    // Attribution only: the route itself verified (or refused) the token.
    if (token.length <= 4096) {
      try {
        const claim = decodeJwt(token).client_id;
        clientId = typeof claim === 'string' && claim.length <= 128 ? claim : null;
      } catch {
        clientId = null;
      }
    }
    this.clientOfToken.set(token, clientId);
    return clientId;
  }

  private warn(clientId: string, rule: ConformanceRule, header: string | null, detail: string, now: number, trace: string): void {
    this.metrics.conformance(rule);
    const device = parseDeviceIdentifier(header ?? undefined);
    if (device) this.journey?.record(device, { at: now, from: 'Playgate', to: 'App', method: 'WARN', path: `conformance/${rule}`, status: 0, ms: 0, label: `Conformance warning: ${rule}`.slice(0, 120), trace });
    const hashed = device ? deviceHash(device) : null;
    const key = `${clientId} ${rule} ${hashed ?? ''}`;
    const last = this.lastStored.get(key);
    if (last !== undefined && now - last < THRESHOLDS.storeEveryMs) return;
    this.lastStored.put(key, now, now);
    this.pending.push({ id: randomUUID(), client_id: clientId, rule, at: now, device: hashed, detail: `${CONFORMANCE_RULES[rule]} ${detail}`.slice(0, 500) });
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), 1000);
      this.timer.unref();
    }
  }

  /** Stores the warnings not yet stored. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.pending;
    this.pending = [];
    if (rows.length > 0) await this.ctx.db.insertInto('conformance_warnings').values(rows).execute();
  }

  /** The stored report of one client: per rule, how often, first and last seen, the latest detail. */
  async report(clientId: string): Promise<{ clientId: string; warnings: Array<{ rule: ConformanceRule; description: string; count: number; firstAt: number; lastAt: number; detail: string; devices: number }> }> {
    await this.flush();
    const rows = await this.ctx.db.selectFrom('conformance_warnings').selectAll().where('client_id', '=', clientId).orderBy('at').limit(10_000).execute();
    const byRule = new Map<string, { rule: ConformanceRule; description: string; count: number; firstAt: number; lastAt: number; detail: string; devices: Set<string> }>();
    for (const r of rows) {
      const rule = r.rule as ConformanceRule;
      let g = byRule.get(rule);
      if (!g) byRule.set(rule, (g = { rule, description: CONFORMANCE_RULES[rule] ?? rule, count: 0, firstAt: Number(r.at), lastAt: Number(r.at), detail: r.detail, devices: new Set() }));
      g.count++;
      g.lastAt = Number(r.at);
      g.detail = r.detail;
      if (r.device) g.devices.add(r.device);
    }
    return { clientId, warnings: [...byRule.values()].map(({ devices, ...g }) => ({ ...g, devices: devices.size })) };
  }
}
