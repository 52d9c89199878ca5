// The web app's side of Concurrency Monitoring (/cm/v2): start a stream session, heartbeat
// it, end it. Each call answers what the player must do next; the hook schedules them.
import type { RemoteTermination, RuleViolation } from '../../../shared/api/concurrency.ts';
import { cmPaths } from '../../../shared/cm-paths.ts';

export interface StreamIdentity {
  applicationId: string;
  /** The MVPD id (CM's idp). */
  idp: string;
  /** The account: the profile's userID (the same on every device of that subscription). */
  subject: string;
}

export type StartOutcome = { kind: 'started'; sessionId: string; nextBeatMs: number } | { kind: 'over-limit'; advice: RuleViolation[] } | { kind: 'unavailable'; status: number };
export type BeatOutcome =
  | { kind: 'ok'; nextBeatMs: number }
  | { kind: 'evicted'; by: RemoteTermination['terminator'] }
  /** The policy changed while playing (e.g. a lowered limit): this stream no longer fits. */
  | { kind: 'over-limit'; advice: RuleViolation[] }
  | { kind: 'gone' }
  | { kind: 'retry'; nextBeatMs: number };

/** Heartbeat well before Expires, and at least every 5 s so an eviction shows quickly (default: half the time left, 1–5 s). */
export function nextBeat(expires: string | null, now = Date.now()): number {
  const at = expires ? Date.parse(expires) : NaN;
  const half = Number.isFinite(at) ? (at - now) / 2 : 5000;
  return Math.min(5000, Math.max(1000, Math.round(half)));
}

const auth = (id: StreamIdentity) => ({ authorization: `Basic ${btoa(`${id.applicationId}:`)}` });

export async function startStream(id: StreamIdentity, metadata: Record<string, string>, terminate: string[] = []): Promise<StartOutcome> {
  const res = await fetch(cmPaths.sessions(id.idp, id.subject), {
    method: 'POST',
    headers: { ...auth(id), 'content-type': 'application/x-www-form-urlencoded', ...(terminate.length > 0 ? { 'x-terminate': terminate.join(',') } : {}) },
    body: new URLSearchParams(metadata).toString(),
  });
  if (res.status === 202) return { kind: 'started', sessionId: res.headers.get('location') ?? '', nextBeatMs: nextBeat(res.headers.get('expires')) };
  if (res.status === 409) return { kind: 'over-limit', advice: ((await res.json()) as { associatedAdvice: RuleViolation[] }).associatedAdvice.filter((a) => a.type === 'rule-violation') };
  return { kind: 'unavailable', status: res.status };
}

export async function heartbeatStream(id: StreamIdentity, sessionId: string): Promise<BeatOutcome> {
  const res = await fetch(cmPaths.session(id.idp, id.subject, sessionId), { method: 'POST', headers: auth(id) });
  if (res.status === 202) return { kind: 'ok', nextBeatMs: nextBeat(res.headers.get('expires')) };
  if (res.status === 409) return { kind: 'over-limit', advice: ((await res.json()) as { associatedAdvice: RuleViolation[] }).associatedAdvice.filter((a) => a.type === 'rule-violation') };
  if (res.status === 410) {
    const text = await res.text();
    const advice = text ? ((JSON.parse(text) as { associatedAdvice?: RemoteTermination[] }).associatedAdvice ?? []).find((a) => a.type === 'remote-termination') : undefined;
    return advice ? { kind: 'evicted', by: advice.terminator } : { kind: 'gone' };
  }
  // 429 (Expires says when) or a server hiccup: keep playing, try again later.
  return { kind: 'retry', nextBeatMs: res.status === 429 ? Math.max(1000, nextBeat(res.headers.get('expires'))) : 5000 };
}

/** keepalive: still sent when the page is going away. */
export function endStream(id: StreamIdentity, sessionId: string): void {
  void fetch(cmPaths.session(id.idp, id.subject, sessionId), { method: 'DELETE', headers: auth(id), keepalive: true }).catch(() => {});
}

/** How this device is named to the viewer's other devices. */
export function deviceLabel(deviceId: string, userAgent = navigator.userAgent): string {
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : 'Browser';
  return `${browser} (device ${deviceId.replace(/[^A-Za-z0-9]/g, '').slice(-6)})`;
}
