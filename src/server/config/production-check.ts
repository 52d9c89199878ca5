// With NODE_ENV=production Playgate refuses to start while a dev stand-in or any secret that
// ships in this repository is in effect, and names each one with the setting that replaces it.
import { createHash } from 'node:crypto';
import type { Config } from './schema.ts';
import { publisherEnvName } from './secret-sources.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The demo values shipped in playgate.config.json and the README (public, by definition). */
export const SHIPPED_DEMO_SECRETS = {
  adminToken: 'playgate-admin-dev-token',
  publisherToken: 'dev-publisher-token-change-me-0001',
  mvpdClientSecret: 'dev-only-mvpd-client-secret-change-me',
  password: 'playgate',
} as const;

/** Every reason this config may not run in production; [] when it may. */
export function productionProblems(config: Config, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const standIns = config.idp.embedded || config.mvpdSimulator.embedded;
  if (standIns && env.PLAYGATE_ALLOW_DEV_STANDINS !== 'true') {
    problems.push('the embedded IdP and MVPD simulator are dev stand-ins: set PLAYGATE_ALLOW_DEV_STANDINS=true to run them with NODE_ENV=production');
  }
  // A checkout that takes no payment is a dev stand-in too (for a real payment provider).
  if (config.demoCheckout && env.PLAYGATE_ALLOW_DEV_STANDINS !== 'true') {
    problems.push('the demo checkout grants entitlements without payment: set demoCheckout to false (or PLAYGATE_ALLOW_DEV_STANDINS=true for a demo)');
  }
  // The partner framework simulator signs whatever it is told: a dev stand-in for a real partner's keys.
  const simulatedPartners = (config.partnerSso?.partners ?? []).filter((p) => p.signer === 'simulated').map((p) => p.name);
  if (simulatedPartners.length > 0 && env.PLAYGATE_ALLOW_DEV_STANDINS !== 'true') {
    problems.push(`partner SSO "${simulatedPartners.join('", "')}" is signed by the partner framework simulator: give its issuer and jwks (partnerSso.partners[].signer), or PLAYGATE_ALLOW_DEV_STANDINS=true for a demo`);
  }
  if (config.kek.source === 'dev') problems.push('the dev key-encryption key is in effect: set PLAYGATE_KEK or PLAYGATE_KEK_FILE (32 random bytes, e.g. `openssl rand -base64 32`)');
  if (config.adminTokenSha256 === sha256(SHIPPED_DEMO_SECRETS.adminToken)) {
    problems.push('the demo admin token (adminTokenSha256 of "playgate-admin-dev-token") is in effect: set PLAYGATE_ADMIN_TOKEN(_FILE) or PLAYGATE_ADMIN_TOKEN_SHA256(_FILE), or remove adminTokenSha256');
  }
  for (const p of config.publisherSso?.publishers ?? []) {
    if (p.tokenSha256 === sha256(SHIPPED_DEMO_SECRETS.publisherToken)) {
      problems.push(`publisher "${p.id}" has the demo publisher token: set ${publisherEnvName(p.id, 'TOKEN')}(_FILE) or ${publisherEnvName(p.id, 'TOKEN_SHA256')}(_FILE)`);
    }
  }
  if (config.publisherSso?.demoMiddleware?.publisherToken === SHIPPED_DEMO_SECRETS.publisherToken) {
    problems.push('the demo middleware holds the demo publisher token: set PLAYGATE_DEMO_MIDDLEWARE_TOKEN(_FILE) or remove publisherSso.demoMiddleware');
  }
  if (config.mvpdSimulator.clientSecret === SHIPPED_DEMO_SECRETS.mvpdClientSecret) {
    problems.push('the demo MVPD client secret (mvpdSimulator.clientSecret) is in effect: set PLAYGATE_MVPD_CLIENT_SECRET(_FILE)');
  }
  // Demo passwords matter only where the stand-ins that check them run.
  if (config.idp.embedded) {
    if (config.idp.demoPassword === SHIPPED_DEMO_SECRETS.password) problems.push('the IdP demo password "playgate" (idp.demoPassword) is in effect: set PLAYGATE_IDP_DEMO_PASSWORD(_FILE)');
    for (const v of config.idp.viewers ?? []) if (v.password === SHIPPED_DEMO_SECRETS.password) problems.push(`IdP viewer "${v.username}" has the demo password: change idp.viewers[].password`);
  }
  if (config.mvpdSimulator.embedded) {
    if (config.mvpdSimulator.demoPassword === SHIPPED_DEMO_SECRETS.password)
      problems.push('the MVPD simulator demo password "playgate" (mvpdSimulator.demoPassword) is in effect: set PLAYGATE_MVPD_DEMO_PASSWORD(_FILE)');
    for (const m of config.mvpds) for (const s of m.subscribers) if (s.password === SHIPPED_DEMO_SECRETS.password) problems.push(`MVPD subscriber "${m.id}/${s.username}" has the demo password: change its password`);
  }
  return problems;
}
