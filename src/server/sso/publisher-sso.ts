// The publisher SSO token service (Cleeng MediaStore style): a publisher's middleware
// trades its publisher token and a customer's email or external id for a 15-minute
// customer JWT plus a single-use refresh token; the refresh token rotates the pair.
// Every customer JWT names its refresh-token family (`fid`): revoking the family ends it
// at once (customer-sessions.ts). A customer's claims come only from its own publisher's
// record: an email never brings in anyone else's claims. A publisher that allows it
// (`autoCreateFromIdp`) may present a viewer's token from ITS identity provider instead
// (`idpToken`): that customer is keyed by (publisher, issuer, subject) and takes the
// entitlement claims that provider asserts.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { LINKED_ISSUER_CLAIM, LINKED_SUBJECT_CLAIM } from '../context/viewer-identity.ts';
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import { PassError } from '../http/pass-error.ts';
import type { TokenService } from '../tokens/token-service.ts';
import { CustomerStore, type Customer } from './customer-store.ts';
import type { CustomerSessions } from './customer-sessions.ts';
import { RefreshTokenStore } from './refresh-token-store.ts';

export interface TokenPair {
  jwt: string;
  refreshToken: string;
}

export interface AuthsRequest {
  customerEmail?: string | undefined;
  externalCustomerId?: string | undefined;
  /** A viewer's access token from the publisher's own identity provider (autoCreateFromIdp publishers). */
  idpToken?: string | undefined;
  customerIP?: string | undefined;
}

/** Verifies a viewer token of a trusted issuer (the SSO verifier); throws when it does not verify. */
export type ViewerVerifier = (token: string) => Promise<{ iss: string; sub: string } & JWTPayload>;

/** Claims of an IdP token that say who and how, not what the viewer is entitled to: never copied. */
const IDENTITY_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti', 'client_id', 'azp', 'scope', 'auth_time', 'acr', 'amr', 'sid', 'cnf', 'typ', 'nonce', 'at_hash', 'email', 'email_verified', 'preferred_username', 'name', 'given_name', 'family_name']);

type SsoConfig = NonNullable<Config['publisherSso']>;

interface Publisher {
  id: string;
  hash: Buffer;
  autoCreateFromIdp: boolean;
  /** The issuer whose viewers may become this publisher's customers (default: the configured IdP). */
  idpIssuer: string;
}

export class PublisherSso {
  private readonly customers: CustomerStore;
  private readonly refreshTokens: RefreshTokenStore;
  private readonly publishers: Publisher[];

  constructor(
    config: Config,
    private readonly sso: SsoConfig,
    db: Db,
    private readonly tokens: TokenService,
    private readonly sessions: CustomerSessions,
    private readonly verifyViewer: ViewerVerifier,
  ) {
    this.customers = new CustomerStore(db);
    this.refreshTokens = new RefreshTokenStore(db, sso.refreshTokenTtlDays * 86_400_000);
    this.publishers = sso.publishers.map((p) => ({
      id: p.id,
      hash: Buffer.from(p.tokenSha256, 'hex'),
      autoCreateFromIdp: p.autoCreateFromIdp ?? false,
      idpIssuer: p.idpIssuer ?? config.idp.issuer,
    }));
  }

  /** Creates the configured customers of each publisher that are missing (idempotent, race-free). */
  async seedCustomers(): Promise<void> {
    for (const p of this.sso.publishers) {
      for (const c of p.customers ?? []) await this.customers.create({ publisherId: p.id, email: c.email, externalId: c.externalId, claims: c.claims });
    }
  }

  /** Finds the publisher whose token this is; every candidate is compared in constant time. */
  publisherFor(token: string | undefined): Publisher {
    const given = createHash('sha256').update(token ?? '').digest();
    let found: Publisher | undefined;
    for (const p of this.publishers) if (timingSafeEqual(given, p.hash) && token) found = p;
    if (!found) throw new PassError('invalid_publisher_token');
    return found;
  }

  async auths(publisherToken: string | undefined, body: AuthsRequest): Promise<TokenPair> {
    const publisher = this.publisherFor(publisherToken);
    if ([body.customerEmail, body.externalCustomerId, body.idpToken].filter(Boolean).length !== 1) {
      throw new PassError('invalid_request', 'send exactly one of customerEmail, externalCustomerId or idpToken');
    }
    if (body.idpToken) return this.authsForViewer(publisher, body.idpToken, body.customerIP ?? null);
    const customer = await this.customers.find(publisher.id, { email: body.customerEmail, externalId: body.externalCustomerId });
    if (!customer) throw new PassError('unknown_customer');
    return this.pair(customer, { customerIp: body.customerIP ?? null });
  }

  /** A viewer vouched for by the publisher's own IdP: its customer, created on first use, with that IdP's claims. */
  private async authsForViewer(publisher: Publisher, idpToken: string, customerIp: string | null): Promise<TokenPair> {
    if (!publisher.autoCreateFromIdp) throw new PassError('invalid_request', 'this publisher does not take idpToken: send customerEmail or externalCustomerId');
    let viewer;
    try {
      viewer = await this.verifyViewer(idpToken);
    } catch (err) {
      throw new PassError('TOKEN_ERROR', (err as Error).message);
    }
    // Another trusted issuer (another publisher's IdP, or a Playgate customer token) never vouches here.
    if (viewer.iss !== publisher.idpIssuer) throw new PassError('TOKEN_ERROR', "the idpToken is not from this publisher's identity provider");
    const claims = Object.fromEntries(Object.entries(viewer).filter(([name]) => !IDENTITY_CLAIMS.has(name)));
    // The key is (publisher, issuer, subject): the external id names issuer and subject, unique per publisher.
    const externalId = idpExternalId(viewer.iss, viewer.sub);
    let customer = await this.customers.find(publisher.id, { externalId });
    if (!customer) customer = await this.customers.findOrCreate({ publisherId: publisher.id, externalId, claims });
    else if (JSON.stringify(customer.claims) !== JSON.stringify(claims)) customer = await this.customers.updateClaims(customer, claims);
    return this.pair(customer, { customerIp, ...(typeof viewer.email === 'string' ? { email: viewer.email } : {}) });
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const spent = await this.refreshTokens.spend(refreshToken);
    // The customer JWTs of a family revoked here die now on this instance; elsewhere within seconds.
    if (!spent.ok && spent.familyId) this.sessions.forget(spent.familyId);
    if (!spent.ok) throw new PassError(spent.reason === 'reused' ? 'refresh_token_reused' : 'invalid_refresh_token', spent.reason);
    const customer = await this.customers.findById(spent.customerId);
    if (!customer) throw new PassError('invalid_refresh_token', 'the customer no longer exists');
    const pair = await this.pair(customer, { familyId: spent.familyId, customerIp: spent.customerIp });
    // A reuse of an older token may have revoked the family while this one was issued.
    if (await this.refreshTokens.familyRevoked(spent.familyId)) {
      await this.refreshTokens.revokeFamily(spent.familyId);
      this.sessions.forget(spent.familyId);
      throw new PassError('refresh_token_reused', 'the token family was revoked meanwhile');
    }
    return pair;
  }

  private async pair(customer: Customer, opts: { familyId?: string; customerIp: string | null; email?: string }): Promise<TokenPair> {
    const familyId = opts.familyId ?? randomUUID();
    const email = opts.email ?? customer.email;
    const jwt = await this.tokens.sign(
      'customer',
      { ...customer.claims, sub: customer.id, customerId: customer.id, publisherId: customer.publisherId, fid: familyId, ...(email ? { email } : {}), ...this.linkedViewer(customer) },
      this.sso.jwtTtlSeconds,
    );
    const refreshToken = await this.refreshTokens.issue(customer.id, customer.publisherId, { familyId, customerIp: opts.customerIp });
    return { jwt: jwt.token, refreshToken };
  }

  /**
   * The IdP account a customer was created from (`idpToken`: its external id names that
   * account's issuer and subject), named in its tokens so grants and SSO-shared profiles stay
   * that viewer's (context/viewer-identity.ts). Any other customer is a viewer of its own.
   */
  private linkedViewer(customer: Customer): Record<string, string> {
    const publisher = this.publishers.find((p) => p.id === customer.publisherId);
    const account = parseIdpExternalId(customer.externalId);
    if (!publisher?.autoCreateFromIdp || !account || account.iss !== publisher.idpIssuer) return {};
    return { [LINKED_ISSUER_CLAIM]: account.iss, [LINKED_SUBJECT_CLAIM]: account.sub };
  }

  get customerStore(): CustomerStore {
    return this.customers;
  }
}

/** The external id of a customer created from an IdP account: issuer and subject (an issuer has no fragment). */
export function idpExternalId(iss: string, sub: string): string {
  return `idp:${iss}#${sub}`;
}

function parseIdpExternalId(externalId: string | null | undefined): { iss: string; sub: string } | undefined {
  if (!externalId?.startsWith('idp:')) return undefined;
  const at = externalId.indexOf('#');
  return at > 4 && at < externalId.length - 1 ? { iss: externalId.slice(4, at), sub: externalId.slice(at + 1) } : undefined;
}
