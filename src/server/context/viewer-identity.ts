// Who the viewer is, whichever way they signed in. One person is one viewer: the internal
// store's grants and the SSO-shared TV provider profiles are keyed by one (issuer, subject).
//
// The rule: a publisher-SSO customer token (minted by Playgate itself, issuer = the app's
// public URL) that names the IdP account its customer was created from — claims
// `viewer_iss` and `viewer_sub`, set only by PublisherSso for customers linked to an IdP
// account (see src/server/sso/README.md) — stands for that IdP account. Every other token
// stands for itself (iss, sub). A foreign token's `viewer_*` claims are never read.
import type { Config } from '../config/schema.ts';
import type { SsoIdentity } from '../tokens/sso-verifier.ts';

export const LINKED_ISSUER_CLAIM = 'viewer_iss';
export const LINKED_SUBJECT_CLAIM = 'viewer_sub';

/** The identity grants and SSO profiles are keyed by; the other claims are kept as they are. */
export function viewerIdentity(config: Pick<Config, 'app'>, sso: SsoIdentity): SsoIdentity {
  if (sso.iss !== config.app.publicUrl) return sso;
  const iss = sso[LINKED_ISSUER_CLAIM];
  const sub = sso[LINKED_SUBJECT_CLAIM];
  if (typeof iss !== 'string' || typeof sub !== 'string' || !iss || !sub) return sso;
  return { ...sso, iss, sub };
}
