// GET /playback/v1/entry/{entryId}: entry metadata and a tokenised HLS URL, or a Deny
// with its real reason (NOT_AUTHENTICATED, TOKEN_ERROR, NO_ENTITLEMENT, NO_ENTITY_EXIST, or
// the MVPD's: authorization_denied_by_mvpd, …_parental_controls, network_connection_timeout,
// network_received_error, authenticated_profile_missing/expired — each with its own action).
// - partial mode: the bearer is the viewer's SSO JWT; the shared engine decides
//   (claims → internal store → the MVPD, through the viewer's profile);
// - full mode: the bearer is the customer's own entitlement JWT; its entry claim must
//   name this entry.
// POST /playback/v1/preauthorize decides several entries the same way, with no token.
import type { JWTPayload } from 'jose';
import type { PlaybackEntry } from '../../shared/api/playback.ts';
import { passPaths } from '../../shared/pass-paths.ts';
import { parseDeviceIdentifier } from '../../shared/device-identifier.ts';
import type { ResourceConfig, TenantConfig } from '../config/schema.ts';
import { PassError } from '../http/pass-error.ts';
import type { PassContext } from '../context/pass-context.ts';
import { ProfileStore } from '../pass/profile-store.ts';
import { deviceHash } from '../context/device-hash.ts';
import { decide } from '../entitlement/pipeline.ts';
import type { Rule, RuleResult } from '../entitlement/decision.ts';
import { recordDecisions, type DecisionLogger } from '../entitlement/decision-audit.ts';
import { tenantFor } from '../entitlement/tenants.ts';
import { viewerIdentity } from '../context/viewer-identity.ts';
import type { SsoIdentity } from '../tokens/sso-verifier.ts';
import type { FullModeVerifier } from '../tokens/full-mode-verifier.ts';

export interface PlaybackRequest {
  entryId: string;
  tenantId?: string | undefined;
  authorization?: string | undefined;
  deviceHeader?: string | undefined;
  trace: string;
  log?: DecisionLogger;
}

export interface EntryDecision {
  entryId: string;
  authorized: boolean;
  rule: string;
  source: string;
  code?: string;
}

type Caller = { kind: 'full'; claims: JWTPayload } | { kind: 'sso'; sso: SsoIdentity };

export async function playEntry(ctx: PassContext, rules: Rule[], full: FullModeVerifier, req: PlaybackRequest): Promise<PlaybackEntry> {
  const tenant = requireTenant(ctx, req.tenantId);
  const resource = ctx.config.resources.find((r) => r.id === req.entryId);
  if (!resource) throw new PassError('NO_ENTITY_EXIST', `no entry "${req.entryId.slice(0, 64)}"`);
  const caller = await identify(ctx, full, tenant, req.authorization);
  // Every media token is bound to a device: without one it would play on any.
  const device = parseDeviceIdentifier(req.deviceHeader);
  if (!device) throw new PassError('invalid_header_device_identifier', 'a media token is bound to a device: send AP-Device-Identifier');
  const now = Date.now();
  const { result, subject, mvpdId } = await decideFor(ctx, rules, tenant, resource, caller, device, now);

  await recordDecisions(ctx.db, [{ trace: req.trace, requestor: tenant.id, mvpd: mvpdId, resource: resource.id, deviceHash: device ? deviceHash(device) : '', result }], now, req.log);
  if (result.decision === 'Deny') throw playbackDeny(result);
  const media = await ctx.tokens.sign(
    'media',
    { sub: subject, resource: resource.id, requestor: tenant.id, did: deviceHash(device) },
    ctx.config.tokens.mediaTokenTtlSeconds,
    now,
  );
  return {
    entryId: resource.id,
    title: resource.title,
    description: resource.description,
    kind: resource.kind,
    rating: resource.rating,
    playback: { hls: `${passPaths.masterPlaylist(resource.id)}?token=${encodeURIComponent(media.token)}`, notBefore: media.notBefore, notAfter: media.notAfter },
    decision: {
      rule: result.trace.rule,
      source: result.source,
      ...(result.trace.claim ? { claim: result.trace.claim } : {}),
      ...(result.trace.value ? { value: result.trace.value } : {}),
      trace: req.trace,
    },
  };
}

/** Decisions for several entries at once (catalog badges): never a token. */
export async function preauthorizeEntries(
  ctx: PassContext,
  rules: Rule[],
  full: FullModeVerifier,
  req: Omit<PlaybackRequest, 'entryId'> & { entryIds: string[] },
): Promise<EntryDecision[]> {
  const tenant = requireTenant(ctx, req.tenantId);
  const caller = await identify(ctx, full, tenant, req.authorization);
  const device = parseDeviceIdentifier(req.deviceHeader);
  const now = Date.now();
  return Promise.all(
    req.entryIds.map(async (entryId): Promise<EntryDecision> => {
      const resource = ctx.config.resources.find((r) => r.id === entryId);
      if (!resource) return { entryId, authorized: false, rule: 'none', source: 'none', code: 'NO_ENTITY_EXIST' };
      const { result } = await decideFor(ctx, rules, tenant, resource, caller, device, now);
      return result.decision === 'Permit'
        ? { entryId, authorized: true, rule: result.trace.rule, source: result.source }
        : { entryId, authorized: false, rule: result.trace.rule, source: result.source, code: result.code };
    }),
  );
}

/**
 * A Deny keeps the engine's own reason, so its status and action are the real ones: a
 * provider that timed out is a `retry`, a missing or expired TV provider sign-in is
 * `authentication`, a package or parental refusal says so. Only "nothing grants this title"
 * is the Playback API's NO_ENTITLEMENT (the viewer can buy or upgrade).
 */
export function playbackDeny(result: Extract<RuleResult, { decision: 'Deny' }>): PassError {
  if (result.code === 'no_entitlement') return new PassError('NO_ENTITLEMENT', result.details);
  return new PassError(result.code, result.details);
}

function requireTenant(ctx: PassContext, id: string | undefined): TenantConfig {
  const tenant = tenantFor(ctx.config, id);
  if (!tenant) throw new PassError('NO_ENTITY_EXIST', `unknown tenant "${String(id).slice(0, 64)}"`);
  return tenant;
}

/** Checks the bearer: the customer's entitlement JWT (full mode) or the viewer's SSO token. */
async function identify(ctx: PassContext, full: FullModeVerifier, tenant: TenantConfig, authorization: string | undefined): Promise<Caller> {
  const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '')?.[1];
  if (!bearer) throw new PassError('NOT_AUTHENTICATED', 'send the viewer token as Authorization: Bearer');
  try {
    return tenant.auth ? { kind: 'full', claims: await full.verify(bearer, tenant.auth.jwks) } : { kind: 'sso', sso: viewerIdentity(ctx.config, await ctx.sso.verify(bearer)) };
  } catch (err) {
    throw new PassError('TOKEN_ERROR', (err as Error).message);
  }
}

/** One entry's decision for a verified caller. */
async function decideFor(
  ctx: PassContext,
  rules: Rule[],
  tenant: TenantConfig,
  resource: ResourceConfig,
  caller: Caller,
  device: string | null,
  now: number,
): Promise<{ result: RuleResult; subject: string; mvpdId: string }> {
  if (caller.kind === 'full') {
    const names = tenant.auth!.jwks.claims;
    const entry = caller.claims[names.entry];
    const entries = Array.isArray(entry) ? entry.map(String) : [String(entry)];
    const result: RuleResult = entries.includes(resource.id)
      ? { decision: 'Permit', source: 'full-external', trace: { rule: 'full-external', claim: names.entry, value: resource.id } }
      : { decision: 'Deny', source: 'full-external', code: 'no_entitlement', details: `the ${names.entry} claim does not name this entry`, trace: { rule: 'full-external', claim: names.entry, note: 'entry mismatch' } };
    return { result, subject: String(caller.claims[names.customer]), mvpdId: '' };
  }
  const { sso } = caller;
  // TV Everywhere entries: the MVPD decides, through this device's or the SSO profile.
  let mvpd = null;
  if (resource.access.type === 'tve') {
    const [found] = await new ProfileStore(ctx.db).findLive({ requestor: ctx.config.requestor.id, deviceId: device ?? '-', sso: { iss: sso.iss, sub: sso.sub } });
    const config = found ? ctx.config.mvpds.find((m) => m.id === found.profile.mvpd) : undefined;
    if (found && config) mvpd = { config, subscriber: found.profile.upstreamUserId };
  }
  const result = await decide(rules, { entryId: resource.id, resource, tenant, viewer: { issuer: sso.iss, subject: sso.sub, claims: sso }, mvpd, now });
  return { result, subject: sso.sub, mvpdId: mvpd?.config.id ?? '' };
}
