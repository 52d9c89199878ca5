// GET /admin/qa/mvpd-modes: every MVPD's simulator mode and what a viewer will see.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { QaClient } from '../../../shared/qa/qa-client.ts';

/** `generation`: bumped for every token entered, so a refusal of the last one is not served from the cache. */
export const mvpdModesQuery = (qa: QaClient | null, generation: number) =>
  queryOptions({
    queryKey: ['qa', 'mvpd-modes', generation] as const,
    queryFn: () => qa!.mvpdModes(),
    enabled: qa !== null,
    retry: false,
  });

export const useMvpdModes = (qa: QaClient | null, generation: number) => useQuery(mvpdModesQuery(qa, generation));
