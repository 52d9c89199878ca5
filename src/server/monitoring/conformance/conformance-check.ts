// Watches client behaviour against Adobe's REST v2 rules (conformance-rules.ts) from the
// app's synchronous onResponse hook: per request, a route look-up, and on the few watched
// routes a handful of bounded in-memory maps — no query, no promise. A warning counts in
// /metrics at once, shows in the device's journey view, and is stored for the per-client
// report by a timer, off the request path. The memory is this instance's own: a client
// spread over several instances behind a balancer can slip past a rule (say so in reports).
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

/** A Map that forgets everything past `max` entries (cheap and bounded; a forgotten entry only delays a warning). */
class Bounded<K, V> extends Map<K, V> {
  constructor(private readonly max = 20_000) {
    super();
  }
  override set(key: K, value: V): this {
    if (this.size >= this.max && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}

export interface StoredWarning {
  id: string;
  client_id: string;
  rule: string;
  at: number;
  device: string | null;
  detail: string;
}

export class ConformanceCheck {
  private readonly clientOfToken = new Bounded<string, string | null>(5000);
  private readonly lastPoll = new Bounded<string, number>();
  private readonly hasProfile = new Bounded<string, number>();
  private readonly clientsOfDevice = new Bounded<string, Set<string>>();
  private readonly deviceOfCode = new Bounded<string, string>();
  private readonly preauthorized = new Bounded<string, number>();
  private readonly failures = new Bounded<string, { count: number; first: number }>();
  private readonly lastDeny = new Bounded<string, number>();
  private readonly lastStored = new Bounded<string, number>();
  /** Decisions of requests still being answered, by trace id (set by the audit listener, read at onResponse). */
  private readonly decisionsOfTrace = new Bounded<string, readonly AuditEntry[]>(5000);
  private pending: StoredWarning[] = [];
  private timer: NodeJS.Timeout | undefined;
  journey: JourneyLog | undefined;

  constructor(
    private readonly ctx: PassContext,
    private readonly metrics: PlaygateMetrics,
  ) {}

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
      let clients = this.clientsOfDevice.get(device);
      if (!clients) this.clientsOfDevice.set(device, (clients = new Set()));
      if (!clients.has(clientId)) {
        clients.add(clientId);
        if (clients.size > THRESHOLDS.clientsPerDevice) warn('client_registered_per_visit', `${clients.size} client registrations used from one device`);
      }
    }

    if (!RETRY_EXEMPT.has(route)) {
      const key = `${clientId} ${device ?? ''} ${request.method} ${request.url}`;
      if (status >= 400) {
        const f = this.failures.get(key);
        if (!f || now - f.first > THRESHOLDS.retryWindowMs) this.failures.set(key, { count: 1, first: now });
        else if (++f.count === THRESHOLDS.maxRetries + 2) warn('too_many_retries', `${request.method} ${route} failed ${f.count} times in a row (HTTP ${status})`);
      } else this.failures.delete(key);
    }

    // One authentication session (its code) is followed from one device.
    if ((route === ROUTES.pollCode || route === ROUTES.session) && device) {
      const code = (request.params as { code?: string }).code ?? '';
      const key = `${clientId} ${code}`;
      const seen = this.deviceOfCode.get(key);
      if (seen === undefined) this.deviceOfCode.set(key, device);
      else if (seen !== device) {
        this.deviceOfCode.set(key, device);
        warn('device_id_changed', 'the authentication session was followed from two AP-Device-Identifier values');
      }
    }

    switch (route) {
      case ROUTES.pollCode: {
        const code = (request.params as { code?: string }).code ?? '';
        const key = `${clientId} ${code}`;
        const last = this.lastPoll.get(key);
        this.lastPoll.set(key, now);
        if (last !== undefined && now - last < THRESHOLDS.minPollIntervalMs) warn('profile_poll_too_fast', `polled again after ${now - last} ms`);
        break;
      }
      case ROUTES.configuration:
        if (device && status === 200 && this.hasProfile.has(device)) warn('configuration_with_profile', 'configuration fetched while the device holds a profile');
        break;
      case ROUTES.preauthorize:
      case ROUTES.authorize: {
        if (!device || !decisions) break;
        this.hasProfile.set(device, now);
        for (const d of decisions) {
          const key = `${device} ${d.mvpd} ${d.resource}`;
          if (route === ROUTES.preauthorize) this.preauthorized.set(key, now);
          else {
            const pre = this.preauthorized.get(key);
            if (pre !== undefined && now - pre <= THRESHOLDS.preauthorizeWindowMs) {
              this.preauthorized.delete(key);
              warn('preauthorize_before_playback', `preauthorize of ${d.resource} ${now - pre} ms before its authorize`);
            }
            if (d.result.decision === 'Deny') this.lastDeny.set(device, now);
          }
        }
        break;
      }
      case ROUTES.logout: {
        if (!device) break;
        this.hasProfile.delete(device);
        const deny = this.lastDeny.get(device);
        if (deny !== undefined && now - deny <= THRESHOLDS.logoutAfterDenyMs) {
          this.lastDeny.delete(device);
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
    this.lastStored.set(key, now);
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
