// URL builders for the Pass API, shared by the server's routes and the client's fetchers.
export const passPaths = {
  register: '/o/client/register',
  token: '/o/client/token',
  configuration: (sp: string) => `/api/v2/${enc(sp)}/configuration`,
  sessions: (sp: string) => `/api/v2/${enc(sp)}/sessions`,
  authenticate: (sp: string, code: string) => `/api/v2/authenticate/${enc(sp)}/${enc(code)}`,
  profiles: (sp: string) => `/api/v2/${enc(sp)}/profiles`,
  profileByCode: (sp: string, code: string) => `/api/v2/${enc(sp)}/profiles/code/${enc(code)}`,
  partnerSession: (sp: string, partner: string) => `/api/v2/${enc(sp)}/sessions/sso/${enc(partner)}`,
  partnerProfile: (sp: string, partner: string) => `/api/v2/${enc(sp)}/profiles/sso/${enc(partner)}`,
  authorize: (sp: string, mvpd: string) => `/api/v2/${enc(sp)}/decisions/authorize/${enc(mvpd)}`,
  logout: (sp: string, mvpd: string) => `/api/v2/${enc(sp)}/logout/${enc(mvpd)}`,
  masterPlaylist: (resource: string) => `/media/${enc(resource)}/master.m3u8`,
} as const;

/** The page an MVPD popup lands on; it reports back to the opener by postMessage. */
export const MVPD_DONE_PATH = '/mvpd-done';
export const MVPD_DONE_MESSAGE = 'playgate:mvpd-done';
/** Where an MVPD's logout page returns the logout popup; it tells the opener and closes. */
export const MVPD_SIGNED_OUT_PATH = '/mvpd-signed-out';
export const MVPD_SIGNED_OUT_MESSAGE = 'playgate:mvpd-signed-out';

const enc = encodeURIComponent;
