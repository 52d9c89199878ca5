// Shapes stored profiles as Adobe's ProfilesResponse.
import type { Profile, ProfilesResponse } from '../../shared/api/pass.ts';
import type { ProfileType, StoredProfile } from './profile-store.ts';

export function profileView(profile: StoredProfile, type: ProfileType): Profile {
  const attributes: Profile['attributes'] = {};
  for (const [name, value] of Object.entries(profile.attributes)) attributes[name] = { value, state: 'plain' };
  return { notBefore: profile.notBefore, notAfter: profile.notAfter, issuer: profile.issuer, type, attributes };
}

export function profilesResponse(entries: Array<{ profile: StoredProfile; type: ProfileType }>): ProfilesResponse {
  return { profiles: Object.fromEntries(entries.map(({ profile, type }) => [profile.mvpd, profileView(profile, type)])) };
}
