// GET /api/v2/{sp}/profiles/code/{code}: polled while the viewer signs in with the MVPD.
import type { ProfilesResponse } from '../../../shared/api/pass.ts';
import { passPaths } from '../../../shared/pass-paths.ts';
import type { PassClient } from '../../lib/pass-client.ts';

export function fetchProfileByCode(pass: PassClient, sp: string, code: string): Promise<ProfilesResponse> {
  return pass.request<ProfilesResponse>('GET', passPaths.profileByCode(sp, code));
}
