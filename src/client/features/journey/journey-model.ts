// The journey as one timeline: the app's own calls (lib/call-log.ts) merged with what
// the server saw (GET /playgate/v1/journey), on the app's clock, a call the server also
// recorded kept once, repeats folded; then laid out as sequence-diagram steps.
import type { JourneyEvent, JourneyLane } from '../../../shared/api/journey.ts';
import type { CallRecord, TokenSighting } from '../../lib/call-log.ts';

export interface TokenView extends TokenSighting {
  /** Set by annotation (token-verification.ts). */
  verified?: boolean;
  verification?: string;
}

export interface DecisionView {
  resource: string;
  decision: string;
  rule: string | null;
  /** Why, in words: the claim that matched, the MVPD's answer, the error code… */
  why: string;
}

export interface JourneyItem {
  key: string;
  /** Start and end, epoch ms on the app's clock. */
  start: number;
  end: number;
  from: JourneyLane;
  to: JourneyLane;
  /** Who gets the answer: the caller, except for a browser sent by the MVPD or IdP (the app). */
  replyTo: JourneyLane;
  method: string;
  path: string;
  status: number;
  ms: number;
  label?: string;
  trace?: string;
  /** Caused by: the trace id of the request Playgate was serving when it made this call (server events). */
  parent?: string;
  tokens?: TokenView[];
  decisions?: DecisionView[];
  source: 'app' | 'server';
  /** How many identical calls this item stands for (polls, segments). */
  count: number;
}

export interface MergeInput {
  calls: readonly CallRecord[];
  events: readonly JourneyEvent[];
  /** Server clock minus app clock, ms. */
  offsetMs: number;
  /** Only app calls with a greater id (the journey's reset point). */
  afterCallId?: number;
}

/** The diagram's lanes, left to right (the same as the server's; no TypeBox in this chunk). */
export const LANES: readonly JourneyLane[] = ['Viewer', 'App', 'IdP', 'Playgate', 'MVPD', 'Media'];

const PARTY_LANE: Record<CallRecord['party'], JourneyLane> = { Playgate: 'Playgate', IdP: 'IdP', MVPD: 'MVPD', Media: 'Media', Viewer: 'Viewer' };

export function fromCallRecord(r: CallRecord): JourneyItem {
  const party = PARTY_LANE[r.party];
  const [from, to]: [JourneyLane, JourneyLane] = r.inbound ? [party, 'App'] : [r.from ? PARTY_LANE[r.from] : 'App', party];
  return {
    key: `app:${r.id}`,
    start: r.at - r.ms,
    end: r.at,
    from,
    to,
    replyTo: replyLane(from, to, 'app'),
    method: r.method,
    path: r.path,
    status: r.status,
    ms: r.ms,
    ...(r.note ? { label: r.note } : {}),
    ...(r.trace ? { trace: r.trace } : {}),
    ...(r.tokens ? { tokens: r.tokens.map((t) => ({ ...t })) } : {}),
    source: 'app',
    count: 1,
  };
}

export function fromServerEvent(e: JourneyEvent, offsetMs: number): JourneyItem {
  const start = e.at - offsetMs;
  return {
    key: `server:${e.seq}`,
    start,
    end: start + e.ms,
    from: e.from,
    to: e.to,
    replyTo: replyLane(e.from, e.to, 'server'),
    method: e.method,
    path: e.path,
    status: e.status,
    ms: e.ms,
    ...(e.label ? { label: e.label } : {}),
    ...(e.trace ? { trace: e.trace } : {}),
    ...(e.parent ? { parent: e.parent } : {}),
    source: 'server',
    count: e.count ?? 1,
  };
}

/**
 * A browser sent by the MVPD or the IdP (a redirect) gets the answer, not the provider;
 * a redirect landing on the app has no answer arrow (replyTo = to).
 */
function replyLane(from: JourneyLane, to: JourneyLane, seenBy: 'app' | 'server'): JourneyLane {
  // A request the server saw from the viewer's browser (the MVPD popup's legs) is answered to it (a redirect).
  if (from === 'Viewer' && seenBy === 'server') return 'Viewer';
  // The viewer's steps the app noted (a login page, a popup) are actions, not requests: no answer arrow.
  if (to === 'App' || from === 'Viewer' || to === 'Viewer') return to;
  return from === 'MVPD' || from === 'IdP' ? 'App' : from;
}

/** App calls and server events on one timeline, oldest first; a request both saw is kept once (the app's). */
export function mergeJourney({ calls, events, offsetMs, afterCallId = 0 }: MergeInput): JourneyItem[] {
  const appItems = calls.filter((c) => c.id > afterCallId).map(fromCallRecord);
  const seenByApp = new Set(appItems.flatMap((i) => (i.trace ? [i.trace] : [])));
  const serverItems = events.filter((e) => !(e.trace && seenByApp.has(e.trace))).map((e) => fromServerEvent(e, offsetMs));
  const all = [...appItems, ...serverItems].sort((a, b) => a.start - b.start || a.end - b.end);
  return foldRepeats(causalOrder(all));
}

/**
 * Causal order: a call with a parent (the server named the request that caused it) comes
 * right after that request and its earlier children, whatever the clocks say — the app's
 * clock and the server's differ by an estimated offset, and an MVPD call could otherwise be
 * drawn before the authorize that caused it, or after Playgate's answer. Calls with no
 * parent, or whose parent is not in the journey, keep their place in time.
 */
export function causalOrder(items: readonly JourneyItem[]): JourneyItem[] {
  const traces = new Set(items.flatMap((i) => (i.trace ? [i.trace] : [])));
  const children = new Map<string, JourneyItem[]>();
  const roots: JourneyItem[] = [];
  for (const item of items) {
    if (item.parent && item.parent !== item.trace && traces.has(item.parent)) {
      const list = children.get(item.parent) ?? [];
      list.push(item);
      children.set(item.parent, list);
    } else roots.push(item);
  }
  const out: JourneyItem[] = [];
  const seen = new Set<JourneyItem>();
  const visit = (item: JourneyItem) => {
    if (seen.has(item)) return;
    seen.add(item);
    out.push(item);
    for (const child of item.trace ? (children.get(item.trace) ?? []) : []) visit(child);
  };
  roots.forEach(visit);
  // A cycle of parents (never from the server) would leave items unvisited: keep them, in time.
  for (const item of items) if (!seen.has(item)) out.push(item);
  return out;
}

/**
 * Folds repeats so a diagram stays readable: identical consecutive calls of the app (a
 * poll that keeps answering 404) become one item ×N; within a run of media requests, each kind
 * (master, media playlist, segment) with the same status becomes one item ×N.
 */
export function foldRepeats(items: readonly JourneyItem[]): JourneyItem[] {
  const out: JourneyItem[] = [];
  let mediaRun = new Map<string, JourneyItem>();
  for (const item of items) {
    const last = out[out.length - 1];
    if (item.to === 'Media') {
      if (!last || last.to !== 'Media') mediaRun = new Map();
      const key = `${item.from}|${item.method}|${item.status}|${item.label ?? item.path}`;
      const group = mediaRun.get(key);
      if (group) {
        absorb(group, item);
        continue;
      }
      const copy = { ...item };
      mediaRun.set(key, copy);
      out.push(copy);
      continue;
    }
    // Only the app's own repeats: a server-side call belongs to the request that caused it.
    if (last && item.from === 'App' && !item.tokens && !last.tokens && last.from === item.from && last.to === item.to && last.method === item.method && last.path === item.path && last.status === item.status) {
      absorb(last, item);
      continue;
    }
    out.push({ ...item });
  }
  return out;
}

function absorb(group: JourneyItem, item: JourneyItem) {
  group.count += item.count;
  group.end = Math.max(group.end, item.end);
  group.ms = Math.max(group.ms, item.ms);
}

export type SequenceStep = { kind: 'call'; item: JourneyItem; depth: number } | { kind: 'answer'; item: JourneyItem; depth: number };

/** Tolerance for placing a server-side call inside the request that caused it (clock estimate). */
const NEST_SLACK_MS = 5;

/**
 * Request and answer arrows in order. A call the callee makes while serving a request
 * (Playgate asking the MVPD during an authorize) is drawn inside it: its arrows come
 * between the request's arrow and its answer's. Inside means: the server named that request
 * as its parent; for calls with no parent id, it started and ended within the request.
 */
export function sequenceSteps(items: readonly JourneyItem[]): SequenceStep[] {
  const steps: SequenceStep[] = [];
  const open: JourneyItem[] = [];
  // The server's parent id decides when there is one; timing (within a clock estimate) otherwise.
  const inside = (child: JourneyItem, parent: JourneyItem) =>
    child.parent && parent.trace
      ? child.parent === parent.trace
      : child.from === parent.to && child.start >= parent.start - NEST_SLACK_MS && child.end <= parent.end + NEST_SLACK_MS && parent.count === 1;
  for (const item of items) {
    while (open.length > 0 && !inside(item, open[open.length - 1]!)) {
      const done = open.pop()!;
      steps.push({ kind: 'answer', item: done, depth: open.length });
    }
    steps.push({ kind: 'call', item, depth: open.length });
    open.push(item);
  }
  while (open.length > 0) {
    const done = open.pop()!;
    steps.push({ kind: 'answer', item: done, depth: open.length });
  }
  return steps.filter((s) => s.kind === 'call' || s.item.replyTo !== s.item.to);
}

/** "POST /api/v2/…/sessions ×3" */
export function callText(item: JourneyItem): string {
  return `${item.method} ${item.path}${item.count > 1 ? ` ×${item.count}` : ''}`;
}

/** "200 · 35 ms", "no answer · 2000 ms" */
export function answerText(item: JourneyItem): string {
  const status = item.status === 0 ? 'no answer' : String(item.status);
  return `${status} · ${item.ms} ms${item.count > 1 ? ' (longest)' : ''}`;
}

/** "Permit news-24 — rule mvpd: Skyline answered Permit in 4 ms" */
export function decisionText(d: DecisionView): string {
  return `${d.decision} ${d.resource} — rule ${d.rule ?? 'none'}: ${d.why}`;
}

/** "media+jwt eyJhbGciOi…3xQ9aB — verified: Playgate's media-token verifier: VALID_TOKEN (…)" */
export function tokenText(t: TokenView): string {
  const kind = typeof t.header.typ === 'string' ? t.header.typ : typeof t.header.alg === 'string' ? `JWT (${t.header.alg})` : 'JWT';
  const status = t.verified === undefined ? '' : t.verified ? ' — verified' : ' — not verified';
  return `${kind} ${t.preview}${status}${t.verification ? `: ${t.verification}` : ''}`;
}
