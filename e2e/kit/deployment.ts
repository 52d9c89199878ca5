// What the deployment kit knows about the Playgate under test: only its base URL (env
// PLAYGATE_BASE_URL) and what that Playgate publishes at /app-config.json (the IdP's issuer,
// the MVPD sign-in origin, the software statement), plus credentials from env vars whose
// defaults are the demo logins.
import type { AppConfig } from '../../src/shared/api/app-config.ts';

export interface Personas {
  /** A viewer with no claims, for TV Everywhere journeys (default `dave`). */
  tve: string;
  /** A second TV Everywhere viewer, for the browser sample of the matrix (default `grace`). */
  matrix: string;
  /** A viewer whose token carries `roles: ["premium"]` (default `alice`). */
  premium: string;
  /** A viewer with neither claims nor purchases (default `bob`). */
  free: string;
  /** A viewer with an internal purchase of `fight-night` in the demo grants (default `carol`). */
  purchase: string;
}

export interface Deployment {
  baseUrl: string;
  appConfig: AppConfig;
  idpOrigin: string;
  mvpdOrigin: string | null;
  adminToken: string;
  viewerPassword: string;
  subscriberPassword: string;
  personas: Personas;
}

export function baseUrlFromEnv(): string {
  const url = process.env.PLAYGATE_BASE_URL;
  if (!url) throw new Error('PLAYGATE_BASE_URL is not set: PLAYGATE_BASE_URL=http://host:port npm run test:deployment');
  return url.replace(/\/$/, '');
}

export async function discoverDeployment(baseUrl = baseUrlFromEnv(), env: NodeJS.ProcessEnv = process.env): Promise<Deployment> {
  const res = await fetch(`${baseUrl}/app-config.json`);
  if (!res.ok) throw new Error(`${baseUrl}/app-config.json answered HTTP ${res.status}: is PLAYGATE_BASE_URL a Playgate?`);
  const appConfig = (await res.json()) as AppConfig;
  return {
    baseUrl,
    appConfig,
    idpOrigin: new URL(appConfig.idp.issuer).origin,
    mvpdOrigin: appConfig.mvpdOrigin ?? null,
    adminToken: env.PLAYGATE_ADMIN_TOKEN ?? 'playgate-admin-dev-token',
    viewerPassword: env.PLAYGATE_VIEWER_PASSWORD ?? 'playgate',
    subscriberPassword: env.PLAYGATE_SUBSCRIBER_PASSWORD ?? 'playgate',
    personas: {
      tve: env.PLAYGATE_VIEWER_TVE ?? 'dave',
      matrix: env.PLAYGATE_VIEWER_MATRIX ?? 'grace',
      premium: env.PLAYGATE_VIEWER_PREMIUM ?? 'alice',
      free: env.PLAYGATE_VIEWER_FREE ?? 'bob',
      purchase: env.PLAYGATE_VIEWER_PURCHASE ?? 'carol',
    },
  };
}
