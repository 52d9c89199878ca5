// GET /api/v2/{sp}/configuration: the MVPDs the viewer can pick.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ConfigurationResponse } from '../../../shared/api/pass.ts';
import { passPaths } from '../../../shared/pass-paths.ts';
import type { PassClient } from '../../lib/pass-client.ts';
import { useServices } from '../../app/pass-client-context.tsx';

export const configurationQuery = (pass: PassClient, sp: string) =>
  queryOptions({
    queryKey: ['pass', sp, 'configuration'],
    queryFn: () => pass.request<ConfigurationResponse>('GET', passPaths.configuration(sp)),
    staleTime: 5 * 60_000,
  });

export function useConfiguration() {
  const { pass, config } = useServices();
  return useQuery(configurationQuery(pass, config.serviceProvider));
}
