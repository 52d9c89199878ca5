// What the Pass routes depend on, built once at start-up and handed to the plugins.
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import type { TokenService } from '../tokens/token-service.ts';
import type { SsoVerifier } from '../tokens/sso-verifier.ts';
import type { MvpdGateway } from '../mvpd-client/mvpd-gateway.ts';
import type { ClientRegistry } from '../pass/client-registry.ts';
import type { RateLimiter } from '../http/rate-limiter.ts';
import type { CustomerSessions } from '../sso/customer-sessions.ts';

export interface PassContext {
  config: Config;
  db: Db;
  tokens: TokenService;
  sso: SsoVerifier;
  mvpdGateway: MvpdGateway;
  clients: ClientRegistry;
  /** Server-to-server HTTP (in-process in tests). */
  fetch: typeof fetch;
  rateLimiter: RateLimiter;
  /** Publisher SSO: whether a customer JWT's refresh-token family is still alive. */
  customerSessions: CustomerSessions;
}
