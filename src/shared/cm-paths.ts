// URL builders for the Concurrency Monitoring API v2 (/cm/v2), shared by the server's tests
// and the web app. Kept apart from the schemas so the app's bundle carries no TypeBox.
const enc = encodeURIComponent;

export const cmPaths = {
  sessions: (idp: string, subject: string) => `/cm/v2/sessions/${enc(idp)}/${enc(subject)}`,
  session: (idp: string, subject: string, session: string) => `/cm/v2/sessions/${enc(idp)}/${enc(subject)}/${enc(session)}`,
  runningStreams: (idp: string, subject: string) => `/cm/v2/runningStreams/${enc(idp)}/${enc(subject)}`,
  metadata: '/cm/v2/metadata',
} as const;
