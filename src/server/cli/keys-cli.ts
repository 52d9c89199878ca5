// `npm run keys -- rotate | list | prune --keep N`: rotates Playgate's signing keys
// (${dataDir}/keys/playgate.jwks.json) without downtime.
//   1. `rotate` appends a new ES256 key. After a restart the newest key signs; every key in
//      the set still verifies (and is published at /.well-known/jwks.json), so tokens signed
//      before the rotation keep working.
//   2. `prune --keep N`, once the longest-lived token signed by an older key has expired,
//      drops all but the newest N keys.
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import { pruneKeySet, readKeySet, rotateKeySet } from '../tokens/key-store.ts';

export const playgateKeyFile = (dataDir: string) => join(dataDir, 'keys', 'playgate.jwks.json');

const USAGE = 'usage: npm run keys -- rotate | list | prune --keep N';

export async function runKeysCli(args: string[], file: string, out: (line: string) => void): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'list') {
    const keys = readKeySet(file);
    const signing = keys.filter((k) => k.alg === 'ES256').at(-1)?.kid;
    for (const k of keys) {
      const created = k.createdAt ? new Date(k.createdAt).toISOString() : 'created before rotation was recorded';
      out(`${k.kid}  ${k.alg}  ${created}${k.kid === signing ? '  SIGNING' : '  verify only'}`);
    }
    out(`${keys.length} key(s) in ${file}`);
    return 0;
  }
  if (command === 'rotate' && rest.length === 0) {
    const keys = await rotateKeySet(file);
    out(`added ${keys.at(-1)!.kid}; it signs after the next restart, the ${keys.length - 1} older key(s) keep verifying`);
    return 0;
  }
  if (command === 'prune') {
    const keep = parseKeep(rest);
    if (keep === null) {
      out(USAGE);
      return 2;
    }
    const dropped = pruneKeySet(file, keep);
    for (const kid of dropped) out(`removed ${kid}`);
    out(dropped.length ? `${dropped.length} key(s) removed: tokens they signed no longer verify after the next restart` : 'nothing to remove');
    return 0;
  }
  out(USAGE);
  return 2;
}

/** `--keep N` or `--keep=N`, N an integer ≥ 1; anything else is null. */
function parseKeep(args: string[]): number | null {
  let raw: string | undefined;
  if (args.length === 2 && args[0] === '--keep') raw = args[1];
  else if (args.length === 1 && args[0]!.startsWith('--keep=')) raw = args[0]!.slice('--keep='.length);
  if (raw === undefined || !/^[1-9][0-9]{0,3}$/.test(raw)) return null;
  return Number(raw);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const code = await runKeysCli(process.argv.slice(2), playgateKeyFile(loadConfig().dataDir), (l) => console.log(l));
  process.exit(code);
}
