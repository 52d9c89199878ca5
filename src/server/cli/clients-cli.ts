// `npm run clients -- list | revoke <client_id>`: operators list registered clients and
// revoke one; its access tokens stop working on every instance within 10 s.
import { loadConfig } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import { apiDatabaseTarget, openDatabase, type Db } from '../db/database.ts';
import { ClientRegistry } from '../pass/client-registry.ts';

export async function openPlaygateDb(config: Config): Promise<Db> {
  return openDatabase(apiDatabaseTarget(config));
}

export async function runClientsCli(args: string[], db: Db, out: (line: string) => void): Promise<number> {
  const [command, id] = args;
  if (command === 'list') {
    const rows = await db.selectFrom('clients').select(['client_id', 'software_statement_id', 'created_at', 'revoked_at']).orderBy('created_at').execute();
    for (const r of rows) {
      out(`${r.client_id}  ${r.software_statement_id}  registered ${new Date(Number(r.created_at)).toISOString()}${r.revoked_at ? `  REVOKED ${new Date(Number(r.revoked_at)).toISOString()}` : ''}`);
    }
    out(`${rows.length} client(s)`);
    return 0;
  }
  if (command === 'revoke' && id) {
    const done = await new ClientRegistry(db).revoke(id);
    out(done ? `revoked ${id}` : `no active client ${id}`);
    return done ? 0 : 1;
  }
  out('usage: npm run clients -- list | revoke <client_id>');
  return 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const db = await openPlaygateDb(loadConfig());
  const code = await runClientsCli(process.argv.slice(2), db, (l) => console.log(l));
  await db.destroy();
  process.exit(code);
}
