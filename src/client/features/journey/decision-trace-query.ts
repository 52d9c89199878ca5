// GET /playgate/v1/traces/{trace} for a decision call the journey shows: which rule
// decided and why. Read with the client access token; a trace never changes.
import { queryOptions } from '@tanstack/react-query';
import type { PassClient } from '../../lib/pass-client.ts';
import type { DecisionView } from './journey-model.ts';
import { explainDecision, type TraceRow } from './explain-decision.ts';

/** The calls whose answer is a decision with a trace (authorize, preauthorize, playback). */
export function isDecisionCall(path: string): boolean {
  return /\/decisions\/(authorize|preauthorize)\/[^/]+$/.test(path) || /^\/playback\/v1\/(entry\/[^/]+|preauthorize)$/.test(path);
}

export const decisionTraceQuery = (pass: PassClient, trace: string) =>
  queryOptions({
    queryKey: ['journey', 'trace', trace] as const,
    queryFn: async ({ signal }): Promise<DecisionView[]> => {
      const res = await fetch(`/playgate/v1/traces/${encodeURIComponent(trace)}`, {
        headers: { authorization: `Bearer ${await pass.clientToken()}`, accept: 'application/json' },
        signal,
      });
      // No decision under this trace (the request failed before deciding).
      if (res.status === 404) return [];
      if (!res.ok) throw new Error(`trace ${trace}: HTTP ${res.status}`);
      const body = (await res.json()) as { decisions: TraceRow[] };
      return body.decisions.map(explainDecision);
    },
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    retry: 1,
  });
