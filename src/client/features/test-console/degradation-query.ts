// GET /admin/degradation: the degradation rule of each MVPD (Adobe's degraded access), for the test console.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { adminRequest } from './admin-request.ts';

import type { DegradationRuleName } from '../../../shared/degradation-rules.ts';

export { DEGRADATION_RULES, type DegradationRuleName } from '../../../shared/degradation-rules.ts';

export interface DegradationRuleView {
  mvpd: string;
  rule: DegradationRuleName;
  details: string | null;
  notBefore: number;
  notAfter: number | null;
  createdAt: number;
  active: boolean;
}

/** What each rule does to viewers of that provider (shown next to it). */
export const DEGRADATION_EFFECTS: Record<DegradationRuleName | 'off', string> = {
  off: 'normal: the provider signs in and decides',
  AuthNAll: 'no provider sign-in: every viewer is let in and Permitted (source degradation)',
  AuthZAll: 'signed-in viewers are Permitted without asking the provider',
  AuthZNone: 'every decision Denies (authorization_denied_by_degradation_rule)',
};

export const degradationQuery = (adminToken: string | null, generation: number) =>
  queryOptions({
    queryKey: ['admin', 'degradation', generation] as const,
    queryFn: () => adminRequest<{ rules: DegradationRuleView[] }>(adminToken!, 'GET', '/admin/degradation').then((r) => r.rules),
    enabled: adminToken !== null,
    retry: false,
  });

export const useDegradation = (adminToken: string | null, generation: number) => useQuery(degradationQuery(adminToken, generation));
