// `npm run verify-token -- <token> [resource]`: the media-token verifier on the command
// line, against this installation's keys (the shared key set in the database, read only).
// Prints the status (and the token's resource, requestor and expiry when it verified);
// exits 0 only for VALID_TOKEN.
import { loadConfig } from '../config/load-config.ts';
import { listKeys } from '../tokens/shared-key-store.ts';
import { maxTokenLifetimeMs } from '../tokens/token-lifetimes.ts';
import { TokenService } from '../tokens/token-service.ts';
import { verifyMediaToken } from '../media/media-token-verifier.ts';
import { openPlaygateDb } from './clients-cli.ts';

const USAGE = 'usage: npm run verify-token -- <token> [resource]';

export async function runVerifyTokenCli(args: string[], tokens: TokenService, out: (line: string) => void): Promise<number> {
  const [token, resource, ...extra] = args;
  if (token === undefined || extra.length > 0) {
    out(USAGE);
    return 2;
  }
  const result = await verifyMediaToken(tokens, token, resource);
  out(result.status);
  if (result.resource !== undefined) out(`resource  ${result.resource}`);
  if (result.requestor !== undefined) out(`requestor ${result.requestor}`);
  if (result.exp !== undefined) out(`exp       ${new Date(result.exp * 1000).toISOString()}`);
  return result.status === 'VALID_TOKEN' ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfig();
  const db = await openPlaygateDb(config);
  const keys = (await listKeys(db, Date.now(), maxTokenLifetimeMs(config))).filter((k) => k.state !== 'expired');
  await db.destroy();
  if (keys.length === 0) {
    console.error('no signing keys in the database: start Playgate once');
    process.exit(2);
  }
  // Verify only: the public halves suffice (this service never signs), so no KEK is needed here.
  const tokens = await TokenService.create(config.app.publicUrl, keys.map((k) => k.publicJwk));
  const code = await runVerifyTokenCli(process.argv.slice(2), tokens, (l) => console.log(l));
  process.exit(code);
}
