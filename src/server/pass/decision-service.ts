// Authorization decisions: find the viewer's profile for the MVPD, run the entitlement
// pipeline, sign a media token on Permit, and write the audit row. A Deny is an
// item-level error inside an HTTP 200, as in Adobe's API.
import { createHash, randomUUID } from 'node:crypto';
import type { Decision, DecisionsResponse } from '../../shared/api/pass.ts';
import { PassError } from '../http/pass-error.ts';
import { errorBody } from '../http/error-body.ts';
import { decide } from '../entitlement/decide.ts';
import type { Rule } from '../entitlement/decision.ts';
import type { PassContext } from './pass-context.ts';
import { ProfileStore } from './profile-store.ts';
import type { SsoIdentity } from '../tokens/sso-verifier.ts';

export interface AuthorizeInput {
  serviceProvider: string;
  mvpdId: string;
  deviceId: string;
  sso: SsoIdentity | null;
  resources: string[];
  trace: string;
}

export async function authorize(ctx: PassContext, rules: Rule[], input: AuthorizeInput): Promise<DecisionsResponse & { trace: unknown[] }> {
  if (input.resources.length > 1) throw new PassError('too_many_resources', 'authorize takes exactly one resource');
  const mvpd = ctx.config.mvpds.find((m) => m.id === input.mvpdId);
  if (!mvpd || mvpd.enabled === false) throw new PassError('invalid_integration', `no active integration with "${input.mvpdId.slice(0, 64)}"`);
  const [found] = await new ProfileStore(ctx.db).findLive({ requestor: input.serviceProvider, deviceId: input.deviceId, sso: input.sso, mvpd: mvpd.id });
  if (!found) throw new PassError('authenticated_profile_missing');

  const resourceId = input.resources[0]!;
  const resource = ctx.config.resources.find((r) => r.id === resourceId);
  const result = await decide(rules, { resourceId, resource, mvpd, subscriber: found.profile.upstreamUserId });
  const base = { resource: resourceId, serviceProvider: input.serviceProvider, mvpd: mvpd.id, source: result.source };
  let decision: Decision;
  if (result.decision === 'Permit') {
    const now = Date.now();
    const media = await ctx.tokens.sign(
      'media',
      { sub: found.profile.attributes.userID, resource: resourceId, requestor: input.serviceProvider, mvpd: mvpd.id, did: deviceHash(input.deviceId) },
      ctx.config.tokens.mediaTokenTtlSeconds,
      now,
    );
    decision = {
      ...base,
      authorized: true,
      notBefore: now,
      notAfter: now + mvpd.authorizationTtlSeconds * 1000,
      token: { notBefore: media.notBefore, notAfter: media.notAfter, serializedToken: media.token },
    };
  } else {
    decision = { ...base, authorized: false, error: errorBody(result.code, input.trace, { details: result.details }) };
  }
  await ctx.db
    .insertInto('decisions_audit')
    .values({
      id: randomUUID(),
      trace: input.trace,
      requestor: input.serviceProvider,
      mvpd: mvpd.id,
      resource: resourceId,
      device_id: deviceHash(input.deviceId),
      decision: result.decision,
      source: result.source,
      error_code: result.decision === 'Deny' ? result.code : null,
      latency_ms: result.trace.mvpd?.latencyMs ?? 0,
      created_at: Date.now(),
    })
    .execute();
  return { decisions: [decision], trace: [{ resource: resourceId, profileType: found.type, ...result.trace }] };
}

/** Device ids are not secrets, but the audit log and tokens need only a stable hash. */
export function deviceHash(deviceId: string): string {
  return createHash('sha256').update(deviceId).digest('base64url').slice(0, 22);
}
