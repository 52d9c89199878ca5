// Adobe's degraded-access rules, by name: what the admin API accepts (server/degradation/) and
// what the test console offers (client/features/test-console/) — one list for both sides.
export const DEGRADATION_RULES = ['AuthNAll', 'AuthZAll', 'AuthZNone'] as const;
export type DegradationRuleName = (typeof DEGRADATION_RULES)[number];
