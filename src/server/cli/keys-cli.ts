// `npm run keys -- list | rotate [--activate-in S] | prune`: Playgate's signing keys in the
// database, shared by every instance. Works on a running cluster, no restart:
//   1. `rotate` publishes a new ES256 key now and lets it sign after the activation delay
//      (default signingKeys.activationDelaySeconds, 30 s): every instance reloads the key set
//      every few seconds, so all of them know the new public key before anyone signs with it.
//   2. The key it replaces is then retired: it keeps verifying until the longest-lived token
//      it could have signed has expired; then instances leave it out and `prune` deletes it.
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import { maxTokenLifetimeMs } from '../tokens/token-lifetimes.ts';
import { ensureSigningKeys, listKeys, publishKey, pruneExpiredKeys } from '../tokens/shared-key-store.ts';
import { openPlaygateDb } from './clients-cli.ts';

const USAGE = 'usage: npm run keys -- list | rotate [--activate-in SECONDS] | prune';

const iso = (ms: number) => new Date(ms).toISOString();

export async function runKeysCli(args: string[], db: Db, config: Config, out: (line: string) => void, now = Date.now()): Promise<number> {
  const [command, ...rest] = args;
  const maxLifetime = maxTokenLifetimeMs(config);
  if (command === 'list' && rest.length === 0) {
    const keys = await listKeys(db, now, maxLifetime);
    for (const k of keys) {
      const when =
        k.state === 'published' ? `signs from ${iso(k.activatesAt)}` : k.state === 'retired' || k.state === 'expired' ? `verifies until ${iso(k.verifiesUntil!)}` : `signing since ${iso(k.activatesAt)}`;
      out(`${k.kid}  ${k.alg}  ${k.state.toUpperCase()}  ${when}`);
    }
    out(`${keys.length} key(s) in the database`);
    return 0;
  }
  if (command === 'rotate') {
    const delay = parseDelay(rest, config.signingKeys?.activationDelaySeconds ?? 30);
    if (delay === null) {
      out(USAGE);
      return 2;
    }
    // On a database no instance has started on yet, first the key (or the legacy file's) that signs now.
    await ensureSigningKeys(db, config.kek, join(config.dataDir, 'keys', 'playgate.jwks.json'), now);
    const kid = await publishKey(db, config.kek, now + delay * 1000, now);
    out(`published ${kid}; every instance sees it within ${config.signingKeys?.refreshIntervalSeconds ?? 5} s and it signs from ${iso(now + delay * 1000)} (no restart needed)`);
    return 0;
  }
  if (command === 'prune' && rest.length === 0) {
    const dropped = await pruneExpiredKeys(db, now, maxLifetime);
    for (const kid of dropped) out(`removed ${kid}`);
    out(dropped.length ? `${dropped.length} expired key(s) removed` : 'nothing to remove (retired keys keep verifying until the tokens they signed have expired)');
    return 0;
  }
  out(USAGE);
  return 2;
}

/** `--activate-in S` or `--activate-in=S` (0–86400); none: the default. Anything else is null. */
function parseDelay(args: string[], fallback: number): number | null {
  let raw: string | undefined;
  if (args.length === 0) return fallback;
  if (args.length === 2 && args[0] === '--activate-in') raw = args[1];
  else if (args.length === 1 && args[0]!.startsWith('--activate-in=')) raw = args[0]!.slice('--activate-in='.length);
  if (raw === undefined || !/^[0-9]{1,5}$/.test(raw) || Number(raw) > 86400) return null;
  return Number(raw);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfig();
  const db = await openPlaygateDb(config);
  const code = await runKeysCli(process.argv.slice(2), db, config, (l) => console.log(l));
  await db.destroy();
  process.exit(code);
}
