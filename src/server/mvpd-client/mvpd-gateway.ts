// Playgate's side of the MVPDs: an OpenID client (openid-client, confidential, PKCE +
// state + nonce) for the login, and the server-to-server authorization call: identical
// concurrent questions share one call (single flight), a failing MVPD is not asked while
// its circuit breaker is open, and the timeout counts only time our event loop could hear
// the answer. All HTTP goes through `fetchImpl` so tests can route it in-process.
import * as oidc from 'openid-client';
import type { Config, MvpdConfig } from '../config/schema.ts';
import { MVPD_CALLBACK_PATH } from '../mvpd/mvpd-provider.ts';
import { MVPD_AUTHORIZE_PATH } from '../mvpd/mvpd-app.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { loopAwareDeadline } from './loop-aware-deadline.ts';
import { SingleFlight } from './single-flight.ts';
import { OBLIGATION_IDS, type Obligation } from '../../shared/obligations.ts';

export interface MvpdLoginStart {
  url: string;
  state: string;
  nonce: string;
  verifier: string;
}

export interface MvpdIdentity {
  subject: string;
  mvpd: string;
  upstreamUserId: string;
  attributes: Record<string, string>;
}

export type MvpdAnswer = (
  | { outcome: 'Permit'; latencyMs: number; obligations?: Obligation[] }
  | { outcome: 'Deny'; reason: string; latencyMs: number; obligations?: Obligation[] }
  | { outcome: 'Timeout'; latencyMs: number }
  | { outcome: 'Error'; detail: string; latencyMs: number }
) & {
  /** open: not asked, the MVPD's breaker is open; probe: this call was the half-open probe. */
  breaker?: 'open' | 'probe';
  /** The deadline moved out by this much because our own event loop was late (not the MVPD's time). */
  queuedMs?: number;
};

/** One HTTP call the gateway made to the MVPD (no bodies, no headers): for the journey view. */
export interface MvpdCall {
  method: string;
  url: string;
  /** 0 when no answer came. */
  status: number;
  startedAt: number;
  ms: number;
  failure?: 'timeout' | 'network';
}

const RELEASED_ATTRIBUTES = ['householdID', 'zip', 'maxRating', 'hba_status'] as const;

export class MvpdGateway {
  private configuration: Promise<oidc.Configuration> | undefined;
  readonly callbackUrl: string;
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly flights = new SingleFlight<MvpdAnswer>();
  /** Told of every HTTP call to the MVPD, when set (the journey recorder). Optional. */
  observer: ((call: MvpdCall) => void) | undefined;

  constructor(
    private readonly config: Config,
    private readonly fetchImpl: typeof fetch = fetch,
    /** Epoch ms for the breakers; frozen in tests. */
    private readonly clock: () => number = Date.now,
  ) {
    this.callbackUrl = `${config.app.publicUrl}${MVPD_CALLBACK_PATH}`;
  }

  /** `fetchImpl`, telling `observer` (if any) what was called, the status and the time. */
  private readonly send = (async (input: string | URL | Request, init?: RequestInit) => {
    const observer = this.observer;
    if (!observer) return this.fetchImpl(input, init);
    const startedAt = Date.now();
    const started = performance.now();
    const report = (status: number, failure?: MvpdCall['failure']) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      try {
        observer({ method, url, status, startedAt, ms: Math.round(performance.now() - started), ...(failure ? { failure } : {}) });
      } catch {
        // An observer never changes what the MVPD answered.
      }
    };
    try {
      const res = await this.fetchImpl(input, init);
      report(res.status);
      return res;
    } catch (err) {
      report(0, err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError') ? 'timeout' : 'network');
      throw err;
    }
  }) as typeof fetch;

  private oidcConfig(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const sim = this.config.mvpdSimulator;
      this.configuration = oidc
        .discovery(new URL(sim.issuer), sim.clientId, undefined, oidc.ClientSecretBasic(sim.clientSecret), {
          [oidc.customFetch]: this.send as oidc.CustomFetch,
          ...(sim.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {}),
        })
        .then((c) => {
          c[oidc.customFetch] = this.send as oidc.CustomFetch;
          return c;
        });
      this.configuration.catch(() => (this.configuration = undefined));
    }
    return this.configuration;
  }

  async startLogin(mvpd: MvpdConfig): Promise<MvpdLoginStart> {
    const config = await this.oidcConfig();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.callbackUrl,
      scope: 'openid profile',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      mvpd: mvpd.id,
      prompt: 'login',
    });
    return { url: url.href, state, nonce, verifier };
  }

  /** Exchanges the code; openid-client checks issuer, audience, signature, state and nonce. */
  async finishLogin(currentUrl: URL, expected: { state: string; nonce: string; verifier: string; mvpd: string }): Promise<MvpdIdentity> {
    const config = await this.oidcConfig();
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: expected.verifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('MVPD returned no ID token');
    if (claims.mvpd !== expected.mvpd) throw new Error(`MVPD mismatch: signed in with ${String(claims.mvpd)}, expected ${expected.mvpd}`);
    const attributes: Record<string, string> = {};
    for (const name of RELEASED_ATTRIBUTES) if (typeof claims[name] === 'string') attributes[name] = claims[name];
    return {
      subject: claims.sub,
      mvpd: expected.mvpd,
      upstreamUserId: typeof claims.upstreamUserID === 'string' ? claims.upstreamUserID : claims.sub,
      attributes,
    };
  }

  /** Forgets an MVPD's breaker state on this instance (QA switched the MVPD back to normal: no 10 s of stale "retry"). */
  resetBreaker(mvpdId: string): void {
    this.breakers.delete(mvpdId);
  }

  /** The MVPD's breaker (one per MVPD, settings from its config). */
  breaker(mvpd: MvpdConfig): CircuitBreaker {
    let b = this.breakers.get(mvpd.id);
    if (!b) {
      b = new CircuitBreaker({
        clock: this.clock,
        ...(mvpd.breaker?.failureThreshold !== undefined ? { failureThreshold: mvpd.breaker.failureThreshold } : {}),
        ...(mvpd.breaker?.coolDownSeconds !== undefined ? { coolDownMs: mvpd.breaker.coolDownSeconds * 1000 } : {}),
      });
      this.breakers.set(mvpd.id, b);
    }
    return b;
  }

  /**
   * Asks the MVPD, answering within its configured timeout whatever it does. Identical
   * questions in flight (same MVPD, subscriber, resource) share one call.
   */
  authorize(mvpd: MvpdConfig, subscriber: string, resource: string): Promise<MvpdAnswer> {
    return this.flights.run(`${mvpd.id}\u0000${subscriber}\u0000${resource}`, () => this.askThroughBreaker(mvpd, subscriber, resource)).promise;
  }

  private async askThroughBreaker(mvpd: MvpdConfig, subscriber: string, resource: string): Promise<MvpdAnswer> {
    const breaker = this.breaker(mvpd);
    const admitted = breaker.admit();
    if (admitted === 'open') {
      const seconds = Math.ceil(breaker.retryInMs() / 1000);
      return { outcome: 'Error', detail: `circuit breaker open: ${mvpd.id} is failing, not asked (next probe in ${seconds} s)`, latencyMs: 0, breaker: 'open' };
    }
    const answer = await this.ask(mvpd, subscriber, resource);
    if (answer.outcome === 'Permit' || answer.outcome === 'Deny') breaker.success();
    // A timeout while our own loop was late is not the MVPD's failure.
    else if (answer.outcome === 'Timeout' && answer.queuedMs) breaker.neutral();
    else breaker.failure();
    return admitted === 'probe' ? { ...answer, breaker: 'probe' } : answer;
  }

  private async ask(mvpd: MvpdConfig, subscriber: string, resource: string): Promise<MvpdAnswer> {
    const sim = this.config.mvpdSimulator;
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    const deadline = loopAwareDeadline(mvpd.authorizationTimeoutMs);
    const late = () => (deadline.lagMs > 0 ? { queuedMs: deadline.lagMs } : {});
    try {
      const res = await this.send(`${sim.issuer}${MVPD_AUTHORIZE_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(sim.clientId)}:${encodeURIComponent(sim.clientSecret)}`).toString('base64')}`,
        },
        body: JSON.stringify({ mvpd: mvpd.id, subscriber, resource }),
        signal: deadline.signal,
      });
      if (!res.ok) return { outcome: 'Error', detail: `MVPD answered HTTP ${res.status}`, latencyMs: latency() };
      const body = (await res.json()) as { decision?: string; reason?: string; obligations?: unknown };
      const obligations = readObligations(body.obligations);
      const with_ = obligations.length > 0 ? { obligations } : {};
      if (body.decision === 'Permit') return { outcome: 'Permit', latencyMs: latency(), ...with_, ...late() };
      if (body.decision === 'Deny') return { outcome: 'Deny', reason: String(body.reason ?? 'denied'), latencyMs: latency(), ...with_, ...late() };
      return { outcome: 'Error', detail: 'MVPD answer not understood', latencyMs: latency() };
    } catch (err) {
      if (err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError')) return { outcome: 'Timeout', latencyMs: latency(), ...late() };
      return { outcome: 'Error', detail: err instanceof Error ? err.message : 'unreachable', latencyMs: latency() };
    } finally {
      deadline.clear();
    }
  }
}

/**
 * The MVPD's obligations, read narrowly: known ids only (others are dropped, as an unknown
 * XACML obligation Playgate cannot fulfil), at most 8, string attributes of bounded size.
 */
export function readObligations(raw: unknown): Obligation[] {
  if (!Array.isArray(raw)) return [];
  const out: Obligation[] = [];
  for (const item of raw.slice(0, 8)) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, attributes } = item as { id?: unknown; attributes?: unknown };
    if (typeof id !== 'string' || !OBLIGATION_IDS.includes(id)) continue;
    const attrs: Record<string, string> = {};
    if (typeof attributes === 'object' && attributes !== null) {
      for (const [k, v] of Object.entries(attributes).slice(0, 8)) if (typeof v === 'string' && k.length <= 64 && v.length <= 200) attrs[k] = v;
    }
    out.push({ id: id as Obligation['id'], ...(Object.keys(attrs).length > 0 ? { attributes: attrs } : {}) });
  }
  return out;
}
