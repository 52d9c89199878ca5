// Rule 3 — MVPD: TV Everywhere resources are decided by the viewer's MVPD, server to
// server, with a valid profile. Deny reasons map onto Adobe's codes; a timeout or an
// error is a `retry` Deny, and so is an MVPD whose circuit breaker is open (not asked;
// the trace says `breaker: open`). Without a profile: pass (nothing grants the resource).
// The MVPD's obligations (upgrade, restrict-pc, re-authz) travel with the result.
import type { MvpdGateway } from '../../mvpd-client/mvpd-gateway.ts';
import type { Rule, RuleResult } from '../decision.ts';

export function mvpdRule(gateway: MvpdGateway): Rule {
  return {
    name: 'mvpd',
    async evaluate({ resource, entryId, mvpd }): Promise<RuleResult | undefined> {
      if (resource?.access.type !== 'tve' || !mvpd) return undefined;
      const answer = await gateway.authorize(mvpd.config, mvpd.subscriber, entryId);
      const obligations = (answer.outcome === 'Permit' || answer.outcome === 'Deny') && answer.obligations?.length ? answer.obligations : undefined;
      const trace = {
        rule: 'mvpd',
        mvpd: {
          id: mvpd.config.id,
          answer: answer.outcome,
          latencyMs: answer.latencyMs,
          ...(answer.outcome === 'Deny' ? { reason: answer.reason } : {}),
          ...(answer.breaker ? { breaker: answer.breaker } : {}),
          ...(answer.queuedMs ? { queuedMs: answer.queuedMs } : {}),
          ...(obligations ? { obligations: obligations.map((o) => o.id) } : {}),
        },
      };
      const withObligations = obligations ? { obligations } : {};
      switch (answer.outcome) {
        case 'Permit':
          return { decision: 'Permit', source: 'mvpd', trace, ...withObligations };
        case 'Deny':
          return answer.reason === 'parental_control'
            ? { decision: 'Deny', source: 'mvpd', code: 'authorization_denied_by_parental_controls', trace, ...withObligations }
            : { decision: 'Deny', source: 'mvpd', code: 'authorization_denied_by_mvpd', details: answer.reason, trace, ...withObligations };
        case 'Timeout':
          return { decision: 'Deny', source: 'mvpd', code: 'network_connection_timeout', details: `no answer within ${mvpd.config.authorizationTimeoutMs} ms`, trace };
        case 'Error':
          return { decision: 'Deny', source: 'mvpd', code: 'network_received_error', details: answer.detail, trace };
      }
    },
  };
}
