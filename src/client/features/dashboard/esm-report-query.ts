// One ESM report for the dashboard (path + params over a window), as a query: keyed by
// all three, so each refresh tick (a new window) is a new fetch and the previous figures
// stay on screen until it lands.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { fetchEsm, type EsmWindow } from './esm-client.ts';

const REFETCH_MS = 5000;

export const esmReportQuery = (adminToken: string, path: string, window: EsmWindow, params: Record<string, string>) =>
  queryOptions({
    queryKey: ['esm', path, params, window.start, window.end] as const,
    queryFn: ({ signal }) => fetchEsm(adminToken, path, window, params, signal),
    placeholderData: keepPreviousData,
    // Also while paused: rows of a past window can still be landing (an MVPD answer is
    // recorded when it comes back), so its figures settle on the stored ones.
    refetchInterval: REFETCH_MS,
  });

export function useEsmReport(adminToken: string, path: string, window: EsmWindow, params: Record<string, string>) {
  return useQuery(esmReportQuery(adminToken, path, window, params));
}
