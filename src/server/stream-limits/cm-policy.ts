// The policy decision of Concurrency Monitoring, pure: given a new stream and the live
// streams of the same account under the same policy, which rules does it break? Rules:
//   - a rule applies to the new stream when its `idps` include the idp and its `match` holds;
//   - it counts the live streams with the same value of `per` that also match;
//   - stop-old: streams named in X-Terminate do not count (they are about to be evicted);
//   - block: X-Terminate does not help, and the 409 shows no termination codes;
//   - over `maxStreams` → one rule-violation advice naming the conflicting streams.
import type { Static } from '@sinclair/typebox';
import type { ConcurrencySchema } from '../config/concurrency-schema.ts';
import type { RuleViolation, StreamView } from '../../shared/api/concurrency.ts';

type ConcurrencyConfig = Static<typeof ConcurrencySchema>;
export type CmPolicy = ConcurrencyConfig['policies'][number];
export type CmRule = CmPolicy['rules'][number];

export interface LiveStream {
  sessionId: string;
  applicationName: string;
  terminationCode: string;
  metadata: Record<string, string>;
  startedAt: number;
}

export interface NewStream {
  idp: string;
  subject: string;
  metadata: Record<string, string>;
}

/** The metadata a policy needs at session start (Adobe's GET /metadata). */
export function requiredMetadata(policy: CmPolicy): string[] {
  const names = new Set<string>();
  for (const rule of policy.rules) {
    if (rule.per !== 'subject') names.add(rule.per);
    for (const key of Object.keys(rule.match ?? {})) names.add(key);
  }
  return [...names].sort();
}

export function streamView(s: Pick<LiveStream, 'applicationName' | 'metadata' | 'startedAt'> & { terminationCode?: string }): StreamView {
  return {
    ...(s.terminationCode ? { terminationCode: s.terminationCode } : {}),
    metadata: s.metadata,
    channel: s.metadata.channel ?? 'Unknown',
    startedAt: new Date(s.startedAt).toISOString(),
    deviceName: s.metadata.deviceName ?? 'Unknown',
    applicationName: s.applicationName,
  };
}

export function evaluate(policy: CmPolicy, stream: NewStream, live: LiveStream[], terminate: ReadonlySet<string>): RuleViolation[] {
  const violations: RuleViolation[] = [];
  for (const rule of policy.rules) {
    if (!applies(rule, stream.idp, stream.metadata)) continue;
    const value = valueOf(rule, stream.subject, stream.metadata);
    const counted = live.filter((s) => applies(rule, stream.idp, s.metadata) && valueOf(rule, stream.subject, s.metadata) === value);
    const remaining = rule.strategy === 'stop-old' ? counted.filter((s) => !terminate.has(s.terminationCode)) : counted;
    if (remaining.length + 1 <= rule.maxStreams) continue;
    violations.push({
      type: 'rule-violation',
      message: rule.message ?? 'Number of active streams exceeded',
      policyName: policy.name,
      ruleName: rule.name,
      threshold: rule.maxStreams,
      conflicts: { [value]: remaining.map((s) => streamView(rule.strategy === 'stop-old' ? s : { ...s, terminationCode: '' })) },
    });
  }
  return violations;
}

/**
 * A heartbeat's check of a running stream against the policy as it is now (a lowered limit
 * after a config change, or an application moved to another policy). Who keeps the slots
 * follows the strategy, as Adobe's LIFO/FIFO: `block` protects the older streams, so the
 * newest over the limit is refused; `stop-old` lets newer streams win, so the oldest is.
 * Its conflicts are the streams that keep their slots.
 */
export function evaluateRunning(policy: CmPolicy, stream: { idp: string; subject: string; sessionId: string; metadata: Record<string, string> }, live: LiveStream[]): RuleViolation[] {
  const me = live.find((s) => s.sessionId === stream.sessionId);
  if (!me) return [];
  const self = { ...me, metadata: stream.metadata };
  const violations: RuleViolation[] = [];
  for (const rule of policy.rules) {
    if (!applies(rule, stream.idp, self.metadata)) continue;
    const value = valueOf(rule, stream.subject, self.metadata);
    const peers = live.filter((s) => s.sessionId !== self.sessionId && applies(rule, stream.idp, s.metadata) && valueOf(rule, stream.subject, s.metadata) === value);
    const ordered = [...peers, self].sort((a, b) => a.startedAt - b.startedAt || a.sessionId.localeCompare(b.sessionId));
    if (ordered.length <= rule.maxStreams) continue;
    const keep = rule.strategy === 'block' ? ordered.slice(0, rule.maxStreams) : ordered.slice(ordered.length - rule.maxStreams);
    if (keep.includes(self)) continue;
    violations.push({
      type: 'rule-violation',
      message: rule.message ?? 'Number of active streams exceeded',
      policyName: policy.name,
      ruleName: rule.name,
      threshold: rule.maxStreams,
      conflicts: { [value]: keep.map((s) => streamView(rule.strategy === 'stop-old' ? s : { ...s, terminationCode: '' })) },
    });
  }
  return violations;
}

function applies(rule: CmRule, idp: string, metadata: Record<string, string>): boolean {
  if (rule.idps && !rule.idps.includes(idp)) return false;
  return Object.entries(rule.match ?? {}).every(([k, v]) => metadata[k] === v);
}

function valueOf(rule: CmRule, subject: string, metadata: Record<string, string>): string {
  return rule.per === 'subject' ? subject : (metadata[rule.per] ?? '');
}
