// Who exists at the foreign OpenID provider (Glewlwyd), shared by the script that provisions it
// and the Playwright project that signs in there. Its own viewers, none of the embedded IdP's.
export const FOREIGN_PLUGIN = 'oidc';
/** A second issuer on the same server without session management: no end_session_endpoint. */
export const FOREIGN_LOCAL_PLUGIN = 'oidc-local';
export const FOREIGN_CLIENT_ID = 'playgate-spa';
/** A scope of Glewlwyd's own, granted to the viewers below (it needs one besides openid to issue refresh tokens to them). */
export const FOREIGN_SCOPE = 'playgate';
export const FOREIGN_PASSWORD = 'foreign-pass-1';

export interface ForeignViewer {
  username: string;
  name: string;
  email: string;
  /** Released as one comma-separated string in the access token, an array in the ID token. */
  roles: string[];
}

export const FOREIGN_VIEWERS: ForeignViewer[] = [
  { username: 'fiona', name: 'Fiona Foreign', email: 'fiona@foreign.example', roles: ['premium', 'subscriber'] },
  { username: 'frank', name: 'Frank Free', email: 'frank@foreign.example', roles: ['free'] },
  { username: 'flora', name: 'Flora Fresh', email: 'flora@foreign.example', roles: ['premium'] },
];
