// A small client of the QA admin API (/admin/qa/*) over any fetch: the test console (in the
// browser), the CLI and the deployment test kit (in Node) all drive Playgate through it.
import type { ErrorBody } from '../api/error-body.ts';
import {
  QA_PREFIX,
  type ExpireDecisionsBody,
  type ExpireProfilesBody,
  type LifetimeOverrideView,
  type MvpdMode,
  type QaFacts,
  type ResetViewerBody,
  type ResetViewerResult,
  type SetLifetimesBody,
  type SetMvpdModeBody,
} from '../api/qa.ts';

/** A refusal of the admin API, with its error body (branch on `body.code`). */
export class QaApiError extends Error {
  constructor(readonly body: ErrorBody) {
    super(`${body.status} ${body.code}: ${body.details ?? body.message}`);
    this.name = 'QaApiError';
  }
}

export interface QaClientOptions {
  /** Playgate's origin, e.g. http://localhost:8080 (default: same origin, for the browser). */
  baseUrl?: string;
  adminToken: string;
  fetch?: typeof fetch;
}

/** One call of Playgate's admin API (`/admin/*`) with the admin token; a refusal is a QaApiError with the error body. */
export async function adminCall<T>(doFetch: typeof fetch, adminToken: string, method: string, url: string, body?: unknown): Promise<T> {
  const res = await doFetch(url, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = json as ErrorBody | null;
    throw new QaApiError(err && typeof err.code === 'string' ? err : { action: 'none', status: res.status, code: 'http_error', message: `HTTP ${res.status}`, helpUrl: '', trace: '' });
  }
  return json as T;
}

export class QaClient {
  private readonly base: string;
  private readonly doFetch: typeof fetch;
  constructor(private readonly opts: QaClientOptions) {
    this.base = (opts.baseUrl ?? '').replace(/\/$/, '');
    this.doFetch = opts.fetch ?? ((...args) => fetch(...args));
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return adminCall<T>(this.doFetch, this.opts.adminToken, method, `${this.base}${QA_PREFIX}${path}`, body);
  }

  mvpdModes = () => this.call<{ mvpds: MvpdMode[] }>('GET', '/mvpd-modes').then((r) => r.mvpds);
  setMvpdMode = (mvpd: string, body: SetMvpdModeBody) => this.call<MvpdMode>('PUT', `/mvpd-modes/${encodeURIComponent(mvpd)}`, body);
  resetMvpdModes = () => this.call<{ mvpds: MvpdMode[] }>('POST', '/mvpd-modes/reset').then((r) => r.mvpds);
  resetViewer = (body: ResetViewerBody) => this.call<ResetViewerResult>('POST', '/viewers/reset', body);
  expireProfiles = (body: ExpireProfilesBody) => this.call<{ expired: number }>('POST', '/profiles/expire', body).then((r) => r.expired);
  expireDecisions = (body: ExpireDecisionsBody = {}) => this.call<{ expired: number }>('POST', '/decision-cache/expire', body).then((r) => r.expired);
  setLifetimes = (body: SetLifetimesBody) => this.call<LifetimeOverrideView>('POST', '/lifetimes', body);
  lifetimes = (q: { subject?: string; deviceId?: string }) =>
    this.call<{ overrides: LifetimeOverrideView[] }>('GET', `/lifetimes?${new URLSearchParams(q as Record<string, string>)}`).then((r) => r.overrides);
  facts = () => this.call<QaFacts>('GET', '/facts');
}
