// Reads and checks the identity headers of a Pass request:
// - Authorization: Bearer <client access token> issued to this service provider;
// - AP-Device-Identifier: `fingerprint <base64>`;
// - AD-Service-Token: the viewer's SSO token. An invalid one is ignored (no SSO), as
//   Adobe documents, and the reason is logged with the trace id.
import { viewerIdentity } from './viewer-identity.ts';
import type { FastifyRequest } from 'fastify';
import { parseDeviceIdentifier } from '../../shared/device-identifier.ts';
import { PassError } from '../http/pass-error.ts';
import { TokenRejected } from '../tokens/token-service.ts';
import type { SsoIdentity } from '../tokens/sso-verifier.ts';
import type { PassContext } from './pass-context.ts';

export interface ClientIdentity {
  clientId: string;
  serviceProvider: string;
}

export async function requireClient(ctx: PassContext, request: FastifyRequest, serviceProvider: string): Promise<ClientIdentity> {
  if (serviceProvider !== ctx.config.requestor.id) throw new PassError('invalid_parameter_service_provider', `unknown service provider "${serviceProvider.slice(0, 64)}"`);
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
  if (!match) throw new PassError('invalid_access_token_client_application', 'missing or malformed Authorization: Bearer header');
  let claims: { client_id?: unknown; requestor?: unknown };
  try {
    claims = await ctx.tokens.verify('clientAccess', match[1]);
  } catch (err) {
    const reason = err instanceof TokenRejected ? err.message : 'rejected';
    throw new PassError('invalid_access_token_client_application', reason);
  }
  if (claims.requestor !== serviceProvider) throw new PassError('invalid_access_token_service_provider');
  const clientId = String(claims.client_id);
  if (!(await ctx.clients.isActive(clientId))) throw new PassError('invalid_access_token_client_application', 'this client registration was revoked');
  return { clientId, serviceProvider };
}

export function requireDevice(request: FastifyRequest): string {
  const raw = request.headers['ap-device-identifier'];
  const device = parseDeviceIdentifier(Array.isArray(raw) ? raw[0] : raw);
  if (!device) throw new PassError('invalid_header_device_identifier', 'expected "fingerprint <base64 device id>"');
  return device;
}

export async function optionalServiceToken(ctx: PassContext, request: FastifyRequest): Promise<SsoIdentity | null> {
  const raw = request.headers['ad-service-token'];
  const token = Array.isArray(raw) ? raw[0] : raw;
  if (!token) return null;
  try {
    // Keyed by the viewer, whichever way they signed in (context/viewer-identity.ts).
    return viewerIdentity(ctx.config, await ctx.sso.verify(token));
  } catch (err) {
    request.log.warn({ trace: request.id, reason: err instanceof Error ? err.message : 'rejected' }, 'AD-Service-Token ignored');
    return null;
  }
}
