// The publisher SSO token service (Cleeng MediaStore style): a publisher's middleware
// trades its publisher token and a customer's email or external id for a 15-minute
// customer JWT plus a single-use refresh token; the refresh token rotates the pair.
import { LINKED_ISSUER_CLAIM, LINKED_SUBJECT_CLAIM } from '../context/viewer-identity.ts';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import { PassError } from '../http/pass-error.ts';
import type { TokenService } from '../tokens/token-service.ts';
import { CustomerStore, type Customer } from './customer-store.ts';
import { RefreshTokenStore } from './refresh-token-store.ts';

export interface TokenPair {
  jwt: string;
  refreshToken: string;
}

export interface AuthsRequest {
  customerEmail?: string | undefined;
  externalCustomerId?: string | undefined;
  customerIP?: string | undefined;
}

type SsoConfig = NonNullable<Config['publisherSso']>;

export class PublisherSso {
  private readonly customers: CustomerStore;
  private readonly refreshTokens: RefreshTokenStore;
  private readonly publishers: Array<{ id: string; hash: Buffer; autoCreateFromIdp: boolean }>;

  constructor(
    private readonly config: Config,
    private readonly sso: SsoConfig,
    db: Db,
    private readonly tokens: TokenService,
  ) {
    this.customers = new CustomerStore(db);
    this.refreshTokens = new RefreshTokenStore(db, sso.refreshTokenTtlDays * 86_400_000);
    this.publishers = sso.publishers.map((p) => ({ id: p.id, hash: Buffer.from(p.tokenSha256, 'hex'), autoCreateFromIdp: p.autoCreateFromIdp ?? false }));
  }

  /** Finds the publisher whose token this is; every candidate is compared in constant time. */
  publisherFor(token: string | undefined): { id: string; autoCreateFromIdp: boolean } {
    const given = createHash('sha256').update(token ?? '').digest();
    let found: { id: string; autoCreateFromIdp: boolean } | undefined;
    for (const p of this.publishers) if (timingSafeEqual(given, p.hash) && token) found = p;
    if (!found) throw new PassError('invalid_publisher_token');
    return found;
  }

  async auths(publisherToken: string | undefined, body: AuthsRequest): Promise<TokenPair> {
    const publisher = this.publisherFor(publisherToken);
    if (!body.customerEmail === !body.externalCustomerId) throw new PassError('invalid_request', 'send exactly one of customerEmail or externalCustomerId');
    let customer = await this.customers.find(publisher.id, { email: body.customerEmail, externalId: body.externalCustomerId });
    if (!customer && body.customerEmail && publisher.autoCreateFromIdp) {
      const viewer = this.config.idp.viewers.find((v) => v.email.toLowerCase() === body.customerEmail!.toLowerCase());
      if (viewer) customer = await this.customers.findOrCreate({ publisherId: publisher.id, email: viewer.email, externalId: viewer.username, claims: viewer.claims });
    }
    if (!customer) throw new PassError('unknown_customer');
    return this.pair(customer, { customerIp: body.customerIP ?? null });
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const spent = await this.refreshTokens.spend(refreshToken);
    if (!spent.ok) throw new PassError(spent.reason === 'reused' ? 'refresh_token_reused' : 'invalid_refresh_token', spent.reason);
    const customer = await this.customers.findById(spent.customerId);
    if (!customer) throw new PassError('invalid_refresh_token', 'the customer no longer exists');
    const pair = await this.pair(customer, { familyId: spent.familyId, customerIp: spent.customerIp });
    // A reuse of an older token may have revoked the family while this one was issued.
    if (await this.refreshTokens.familyRevoked(spent.familyId)) {
      await this.refreshTokens.revokeFamily(spent.familyId);
      throw new PassError('refresh_token_reused', 'the token family was revoked meanwhile');
    }
    return pair;
  }

  private async pair(customer: Customer, opts: { familyId?: string; customerIp: string | null }): Promise<TokenPair> {
    const jwt = await this.tokens.sign(
      'customer',
      { ...customer.claims, sub: customer.id, customerId: customer.id, publisherId: customer.publisherId, ...(customer.email ? { email: customer.email } : {}), ...this.linkedViewer(customer) },
      this.sso.jwtTtlSeconds,
    );
    const refreshToken = await this.refreshTokens.issue(customer.id, customer.publisherId, { ...(opts.familyId ? { familyId: opts.familyId } : {}), customerIp: opts.customerIp });
    return { jwt: jwt.token, refreshToken };
  }

  /**
   * The IdP account a customer was created from (autoCreateFromIdp: external id = the IdP
   * subject, and the same email), named in its tokens so grants and SSO-shared profiles stay
   * that viewer's (context/viewer-identity.ts). Any other customer is a viewer of its own.
   */
  private linkedViewer(customer: Customer): Record<string, string> {
    const publisher = this.publishers.find((p) => p.id === customer.publisherId);
    if (!publisher?.autoCreateFromIdp || !this.config.idp.embedded || !customer.email || !customer.externalId) return {};
    const viewer = this.config.idp.viewers.find((v) => v.username === customer.externalId && v.email.toLowerCase() === customer.email!.toLowerCase());
    return viewer ? { [LINKED_ISSUER_CLAIM]: this.config.idp.issuer, [LINKED_SUBJECT_CLAIM]: viewer.username } : {};
  }

  get customerStore(): CustomerStore {
    return this.customers;
  }
}
