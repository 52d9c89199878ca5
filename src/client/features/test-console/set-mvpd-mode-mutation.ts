// PUT /admin/qa/mvpd-modes/{mvpd} (or POST …/reset for all): then the list is fresh.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SetMvpdModeBody } from '../../../shared/api/qa.ts';
import type { QaClient } from '../../../shared/qa/qa-client.ts';

export type ModeChange = { mvpd: string; body: SetMvpdModeBody } | { all: 'normal' };

export function useSetMvpdMode(qa: QaClient | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: ModeChange) => {
      if (!qa) throw new Error('no admin token');
      return 'all' in change ? qa.resetMvpdModes() : [await qa.setMvpdMode(change.mvpd, change.body)];
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['qa', 'mvpd-modes'] }),
  });
}
