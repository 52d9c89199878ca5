// The owner of a viewer's internal grants: the viewer identity of context/viewer-identity.ts.
import type { Config } from '../config/schema.ts';
import { viewerIdentity } from '../context/viewer-identity.ts';
import type { SsoIdentity } from '../tokens/sso-verifier.ts';

export function grantOwner(config: Pick<Config, 'app'>, sso: SsoIdentity): { issuer: string; subject: string } {
  const v = viewerIdentity(config, sso);
  return { issuer: v.iss, subject: v.sub };
}
