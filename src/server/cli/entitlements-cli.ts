// `npm run entitlements -- list [subject] | grant <subject> <entitlement> [purchase|subscription] [days] | revoke <id>`
// The internal entitlement store from the command line (issuer: the configured IdP).
import { loadConfig } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import { EntitlementStore } from '../entitlement/entitlement-store.ts';
import { openPlaygateDb } from './clients-cli.ts';

const USAGE = 'usage: npm run entitlements -- list [subject] | grant <subject> <entitlement> [purchase|subscription] [days] | revoke <grant-id>';

export async function runEntitlementsCli(args: string[], config: Config, db: Db, out: (line: string) => void): Promise<number> {
  const store = new EntitlementStore(db);
  const [command, a, b, c, d] = args;
  if (command === 'list') {
    const grants = await store.list(a ? { subject: a } : {});
    for (const g of grants) {
      const until = g.notAfter ? new Date(g.notAfter).toISOString() : 'no end';
      out(`${g.id}  ${g.subject}  ${g.entitlement}  ${g.kind}  until ${until}${g.revokedAt ? '  REVOKED' : ''}  (${g.issuer})`);
    }
    out(`${grants.length} grant(s)`);
    return 0;
  }
  if (command === 'grant' && a && b) {
    const kind = c ?? 'purchase';
    if (kind !== 'purchase' && kind !== 'subscription') return usage(out);
    const days = d === undefined ? undefined : Number(d);
    if (days !== undefined && !(Number.isFinite(days) && days > 0)) return usage(out);
    const { outcome, grant } = await store.grant({ issuer: config.idp.issuer, subject: a, entitlement: b, kind, notAfter: days ? Date.now() + days * 86_400_000 : null });
    if (outcome === 'conflict') {
      out(`an active grant ${grant.id} with the same end opens later; revoke it first`);
      return 1;
    }
    out(outcome === 'created' ? `granted ${grant.id}` : `already granted ${grant.id}`);
    return 0;
  }
  if (command === 'revoke' && a) {
    const done = await store.revoke(a);
    out(done ? `revoked ${a}` : `no active grant ${a}`);
    return done ? 0 : 1;
  }
  return usage(out);
}

function usage(out: (line: string) => void) {
  out(USAGE);
  return 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfig();
  const db = await openPlaygateDb(config);
  const code = await runEntitlementsCli(process.argv.slice(2), config, db, (l) => console.log(l));
  await db.destroy();
  process.exit(code);
}
