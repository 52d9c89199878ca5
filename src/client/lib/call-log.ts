// A small in-page log of the calls the app makes (party, method, path, status, time):
// the raw material of the journey view, and handy when a QA run fails. JWTs found in a
// JSON answer are kept decoded (header, claims, a truncated preview), never whole, and
// never verified here: decoding is for display only. Every token is put to Playgate's verifier
// as it arrives, once per token, and the answer is kept with each sighting (askPlaygate).
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { TokenVerifyResult } from '../../shared/api/token-verify.ts';

export interface TokenSighting {
  /** Where in the answer, as a JSON path (e.g. `decisions[0].token.serializedToken`). */
  field: string;
  /** The first and last few characters: a whole token is never kept. */
  preview: string;
  /** A short hash of the whole token, to recognise the same token elsewhere (see tokenFingerprint). */
  fingerprint: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** The answer of Playgate's verifier (POST /playgate/v1/tokens/verify), once it came. */
  playgate?: PlaygateVerdict;
}

/** Playgate's verifier's answer, or NO_ANSWER when it could not be asked (a network error, a 4xx/5xx). */
export type PlaygateVerdict = TokenVerifyResult | { status: 'NO_ANSWER'; reason: string };

export interface CallRecord {
  /** Increases with each record of this page. */
  id: number;
  at: number;
  party: 'Playgate' | 'IdP' | 'MVPD' | 'Media' | 'Viewer';
  /** Who made the step when it was not the app (the viewer on a provider's login page). */
  from?: CallRecord['party'];
  method: string;
  path: string;
  status: number;
  ms: number;
  /** The answer's x-trace-id, when the server sent one. */
  trace?: string;
  /** JWTs in the JSON answer, decoded for display only. */
  tokens?: TokenSighting[];
  /** The party sent the browser to the app (a redirect landing), rather than the app calling it. */
  inbound?: boolean;
  note?: string;
}

const MAX = 200;
const calls: CallRecord[] = [];
const listeners = new Set<() => void>();
let nextId = 1;

function push(record: CallRecord) {
  calls.push(record);
  if (calls.length > MAX) calls.shift();
  notify();
}

function notify() {
  listeners.forEach((l) => l());
}

export async function recordCall(party: CallRecord['party'], method: string, path: string, run: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  let status = 0;
  let res: Response | undefined;
  try {
    res = await run();
    status = res.status;
    return res;
  } finally {
    const record: CallRecord = { id: nextId++, at: Date.now(), party, method, path: path.split('?')[0]!, status, ms: Math.round(performance.now() - started) };
    const trace = res?.headers.get('x-trace-id');
    if (trace) record.trace = trace;
    push(record);
    if (res && res.ok && (res.headers.get('content-type') ?? '').includes('json')) {
      res
        .clone()
        .json()
        .then((body: unknown) => {
          const tokens = findTokens(body, (sighting, raw) => {
            void askPlaygate(raw).then((verdict) => {
              sighting.playgate = verdict;
              notify();
            });
          });
          if (tokens.length > 0) {
            record.tokens = tokens;
            notify();
          }
        })
        .catch(() => undefined);
    }
  }
}

/** A call the app learned of without making it (e.g. landing back from a redirect). */
export function noteCall(call: Omit<CallRecord, 'id' | 'at'> & { at?: number }): void {
  push({ ...call, id: nextId++, at: call.at ?? Date.now() });
}

export function callLog(): readonly CallRecord[] {
  return calls;
}

export function onCallLogChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let observing = false;

/**
 * Records the page's calls to other origins (the IdP: oidc-client-ts's discovery and
 * token calls, jose's JWKS fetches), which do not go through recordCall. Idempotent.
 */
export function observeCrossOriginFetches(party: CallRecord['party'] = 'IdP'): void {
  if (observing || typeof window === 'undefined' || typeof window.fetch !== 'function') return;
  observing = true;
  const original = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    let url: URL;
    try {
      url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
    } catch {
      return original(input, init);
    }
    if (url.origin === window.location.origin) return original(input, init);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    return recordCall(party, method, url.pathname, () => original(input, init));
  };
}

const JWS = /eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+/g;

const asked = new Map<string, Promise<PlaygateVerdict>>();

/**
 * Asks Playgate's verifier (POST /playgate/v1/tokens/verify) about a token, once per token
 * (by fingerprint): the journey view states its answer rather than inferring "verified" from
 * the status of the call that brought it, and seeing a token again adds no traffic. Never
 * awaited by the app's own flow, never logged, never rejects. `fresh`: ask again now (the
 * journey's "Tokens in play" says what Playgate thinks of the tokens at this moment).
 */
export function askPlaygate(raw: string, fresh = false): Promise<PlaygateVerdict> {
  const key = tokenFingerprint(raw);
  let verdict = fresh ? undefined : asked.get(key);
  if (!verdict) {
    verdict = fetch('/playgate/v1/tokens/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: raw }) })
      .then(async (res): Promise<PlaygateVerdict> => (res.ok ? ((await res.json()) as TokenVerifyResult) : { status: 'NO_ANSWER', reason: `HTTP ${res.status}` }))
      .catch((): PlaygateVerdict => ({ status: 'NO_ANSWER', reason: 'network error' }))
      .then((v) => {
        // Not an answer about the token: the next sighting asks again.
        if (v.status === 'NO_ANSWER') asked.delete(key);
        return v;
      });
    // Bounded like the log itself; a token asked about again after eviction is simply asked again.
    if (asked.size >= MAX * 2) asked.delete(asked.keys().next().value!);
    asked.delete(key);
    asked.set(key, verdict);
  }
  return verdict;
}

/** Every JWS in a JSON value (also inside strings such as URLs), decoded; at most 10. `onRaw` sees each whole token once, to act on it, not to keep it. */
export function findTokens(value: unknown, onRaw?: (sighting: TokenSighting, raw: string) => void): TokenSighting[] {
  const found: TokenSighting[] = [];
  const walk = (v: unknown, field: string, depth: number) => {
    if (found.length >= 10 || depth > 6) return;
    if (typeof v === 'string') {
      for (const match of v.length <= 16_384 ? (v.match(JWS) ?? []) : []) {
        const sighting = decodeSighting(match, field);
        if (sighting) {
          found.push(sighting);
          onRaw?.(sighting, match);
        }
      }
    } else if (Array.isArray(v)) {
      v.slice(0, 50).forEach((item, i) => walk(item, `${field}[${i}]`, depth + 1));
    } else if (v && typeof v === 'object') {
      for (const [key, item] of Object.entries(v).slice(0, 50)) walk(item, field ? `${field}.${key}` : key, depth + 1);
    }
  };
  walk(value, '', 0);
  return found;
}

function decodeSighting(token: string, field: string): TokenSighting | null {
  try {
    return {
      field,
      preview: tokenPreview(token),
      fingerprint: tokenFingerprint(token),
      header: { ...decodeProtectedHeader(token) },
      claims: { ...decodeJwt(token) },
    };
  } catch {
    return null;
  }
}

/** The first 10 and last 6 characters, so a token can be told apart but never reused. */
export function tokenPreview(token: string): string {
  return token.length <= 24 ? `${token.slice(0, 6)}…` : `${token.slice(0, 10)}…${token.slice(-6)}`;
}

/** FNV-1a (32 bit) of the token, hex: recognises a token, reveals nothing usable. */
export function tokenFingerprint(token: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    hash ^= token.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
