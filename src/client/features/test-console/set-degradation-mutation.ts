// PUT /admin/degradation/{mvpd} (apply a rule) or DELETE (back to normal); then the list is fresh.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminRequest } from './admin-request.ts';
import type { DegradationRuleName, DegradationRuleView } from './degradation-query.ts';

export type DegradationChange = { mvpd: string; rule: DegradationRuleName | 'off' };

export function useSetDegradation(adminToken: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ mvpd, rule }: DegradationChange): Promise<DegradationRuleView | null> => {
      if (!adminToken) throw new Error('no admin token');
      const path = `/admin/degradation/${encodeURIComponent(mvpd)}`;
      if (rule !== 'off') return adminRequest<DegradationRuleView>(adminToken, 'PUT', path, { rule, details: 'Set from the test console' });
      await adminRequest<{ removed: boolean }>(adminToken, 'DELETE', path);
      return null;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'degradation'] }),
  });
}
