// `npm run customers -- add <publisherId> (--email E | --external-id X) [--claims JSON] | list <publisherId>`
// Publisher SSO customers from the command line (the admin API does the same over HTTP).
import { loadConfig } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import { CustomerStore } from '../sso/customer-store.ts';
import { openPlaygateDb } from './clients-cli.ts';

const USAGE = 'usage: npm run customers -- add <publisherId> (--email E | --external-id X) [--claims \'{"roles":["premium"]}\'] | list <publisherId>';

export async function runCustomersCli(args: string[], config: Config, db: Db, out: (line: string) => void): Promise<number> {
  const [command, publisherId, ...rest] = args;
  const flag = (name: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (!publisherId || !config.publisherSso?.publishers.some((p) => p.id === publisherId)) {
    out(publisherId ? `unknown publisher ${publisherId}` : USAGE);
    return 2;
  }
  const store = new CustomerStore(db);
  if (command === 'list') {
    const rows = await db.selectFrom('customers').selectAll().where('publisher_id', '=', publisherId).orderBy('created_at').execute();
    for (const r of rows) out(`${r.id}  ${r.email ?? '-'}  ${r.external_id ?? '-'}  ${r.claims}`);
    out(`${rows.length} customer(s)`);
    return 0;
  }
  if (command === 'add') {
    const email = flag('--email');
    const externalId = flag('--external-id');
    let claims: Record<string, unknown> | undefined;
    try {
      claims = flag('--claims') ? (JSON.parse(flag('--claims')!) as Record<string, unknown>) : undefined;
    } catch {
      out('--claims must be a JSON object');
      return 2;
    }
    if (!email === !externalId) {
      out(USAGE);
      return 2;
    }
    const c = await store.create({ publisherId, email, externalId, claims });
    if (!c) {
      out('a customer with this email or external id exists');
      return 1;
    }
    out(`created ${c.id}`);
    return 0;
  }
  out(USAGE);
  return 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfig();
  const db = await openPlaygateDb(config);
  const code = await runCustomersCli(process.argv.slice(2), config, db, (l) => console.log(l));
  await db.destroy();
  process.exit(code);
}
