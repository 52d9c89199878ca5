// Dynamic Client Registration: a software statement (signed by Playgate for a registered
// app) buys client credentials; the credentials buy a client access token.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ClientApplication, AccessTokenResponse } from '../../shared/api/dcr.ts';
import { PassError } from '../http/pass-error.ts';
import type { PassContext } from '../context/pass-context.ts';

export const CLIENT_SCOPES = ['api:client:v2'];

export async function registerClient(ctx: PassContext, softwareStatement: string, redirectUri: string | undefined): Promise<ClientApplication> {
  let statement: { requestor?: unknown; software_id?: unknown };
  try {
    statement = await ctx.tokens.verify('softwareStatement', softwareStatement);
  } catch (err) {
    throw new PassError('invalid_software_statement', (err as Error).message);
  }
  if (statement.requestor !== ctx.config.requestor.id || typeof statement.software_id !== 'string') {
    throw new PassError('invalid_software_statement', 'statement is not for a registered requestor');
  }
  const clientId = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  const now = Date.now();
  await ctx.db
    .insertInto('clients')
    .values({
      client_id: clientId,
      secret_hash: hashSecret(secret),
      requestor: statement.requestor,
      software_statement_id: statement.software_id,
      redirect_uri: redirectUri ?? null,
      created_at: now,
      revoked_at: null,
    })
    .execute();
  return {
    client_id: clientId,
    client_secret: secret,
    client_id_issued_at: now,
    redirect_uris: redirectUri ? [redirectUri] : [],
    grant_types: ['client_credentials'],
    scopes: CLIENT_SCOPES,
  };
}

export async function issueClientToken(
  ctx: PassContext,
  params: { grant_type?: string | undefined; client_id?: string | undefined; client_secret?: string | undefined },
): Promise<AccessTokenResponse> {
  if (params.grant_type !== 'client_credentials') throw new PassError('unsupported_grant_type', `grant_type "${String(params.grant_type ?? '').slice(0, 40)}"`);
  if (!params.client_id || !params.client_secret) throw new PassError('invalid_client_credentials', 'client_id and client_secret are required');
  const client = await ctx.db
    .selectFrom('clients')
    .select(['client_id', 'secret_hash', 'requestor', 'revoked_at'])
    .where('client_id', '=', params.client_id)
    .executeTakeFirst();
  // Hash compare always runs, so an unknown id costs the same time as a wrong secret.
  const given = Buffer.from(hashSecret(params.client_secret), 'hex');
  const expected = Buffer.from(client?.secret_hash ?? '0'.repeat(64), 'hex');
  if (!timingSafeEqual(given, expected) || !client) throw new PassError('invalid_client_credentials');
  if (client.revoked_at !== null) throw new PassError('invalid_client_credentials', 'this client registration was revoked');
  const ttl = ctx.config.tokens.clientAccessTokenTtlSeconds;
  const signed = await ctx.tokens.sign('clientAccess', { client_id: client.client_id, requestor: client.requestor, scope: CLIENT_SCOPES.join(' ') }, ttl);
  return { access_token: signed.token, token_type: 'bearer', expires_in: ttl, created_at: signed.notBefore };
}

/** Secrets are 256 random bits, so a plain SHA-256 is enough (no password stretching needed). */
function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
