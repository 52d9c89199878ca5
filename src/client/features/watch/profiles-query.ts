// GET /api/v2/{sp}/profiles: the viewer's live profiles on this device (and, with the
// SSO token, those shared from their other devices).
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ProfilesResponse } from '../../../shared/api/pass.ts';
import { passPaths } from '../../../shared/pass-paths.ts';
import type { PassClient } from '../../lib/pass-client.ts';
import { useServices } from '../../app/pass-client-context.tsx';

export const profilesQuery = (pass: PassClient, sp: string, viewer: string | null) =>
  queryOptions({
    queryKey: ['pass', sp, 'profiles', pass.deviceId, viewer],
    queryFn: () => pass.request<ProfilesResponse>('GET', passPaths.profiles(sp)),
    staleTime: 30_000,
  });

export function useProfiles(viewer: string | null) {
  const { pass, config } = useServices();
  return useQuery(profilesQuery(pass, config.serviceProvider, viewer));
}
