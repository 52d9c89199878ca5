// `npm run claims-test -- <entryId> <jwt | claims-json>`: which rule and claim would
// decide this entry. A JWT is verified against the configured IdP (which must be
// reachable); otherwise it is only decoded and reported as unverified.
import { loadConfig } from '../config/load-config.ts';
import { EntitlementStore } from '../entitlement/entitlement-store.ts';
import { testClaims } from '../playback/claims-tester.ts';
import { SsoVerifier } from '../tokens/sso-verifier.ts';
import { openPlaygateDb } from './clients-cli.ts';

export function parseClaimsArg(arg: string): { jwt: string } | { claims: Record<string, unknown> } {
  const text = arg.trim();
  if (text.startsWith('{')) return { claims: JSON.parse(text) as Record<string, unknown> };
  return { jwt: text };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [entryId, subject] = process.argv.slice(2);
  if (!entryId || !subject) {
    console.log('usage: npm run claims-test -- <entryId> <jwt | \'{"roles":["premium"]}\'>');
    process.exit(2);
  }
  const config = loadConfig();
  const db = await openPlaygateDb(config);
  const sso = new SsoVerifier([{ issuer: config.idp.issuer, audience: config.idp.audience, algorithms: config.idp.algorithms }]);
  try {
    const result = await testClaims({ config, sso, store: new EntitlementStore(db) }, { entryId, ...parseClaimsArg(subject) });
    console.log(JSON.stringify(result, null, 2));
    process.exitCode = result.decision === 'Permit' ? 0 : 1;
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 2;
  } finally {
    await db.destroy();
  }
}
