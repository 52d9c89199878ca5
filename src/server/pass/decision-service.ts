// Authorization and pre-authorization decisions: find the viewer's profile for the MVPD,
// decide each resource (decision cache first, then the entitlement pipeline), sign a
// media token on an authorize Permit, and write the audit rows. A Deny is an item-level
// error inside an HTTP 200, as in Adobe's API. The MVPD's obligations pass through: a
// Permit's `notAfter` is the authorization's end (sooner under re-authz), and the
// decision lists them in `obligations` (Playgate's extension).
import { deviceHash } from '../context/device-hash.ts';
import type { Decision, DecisionsResponse } from '../../shared/api/pass.ts';
import { PassError } from '../http/pass-error.ts';
import { errorBody } from '../http/error-body.ts';
import { decide } from '../entitlement/pipeline.ts';
import type { DecisionTrace, Rule, RuleResult } from '../entitlement/decision.ts';
import { recordDecisions, type DecisionLogger } from '../entitlement/decision-audit.ts';
import { tenantFor } from '../entitlement/tenants.ts';
import type { PassContext } from '../context/pass-context.ts';
import { ProfileStore, type StoredProfile } from './profile-store.ts';
import { DecisionCache } from './decision-cache.ts';
import { parseResource } from './resource-id.ts';
import type { SsoIdentity } from '../tokens/sso-verifier.ts';
import { degradationRulesFor } from '../degradation/degradation-rules.ts';
import { degradedUserId } from '../degradation/degraded-profile.ts';
import { tempPassFor } from '../temp-pass/temp-pass-config.ts';
import { decideTempPass } from '../temp-pass/temp-pass-decisions.ts';
import { reAuthzSeconds } from '../../shared/obligations.ts';

export type DecisionKind = 'authorize' | 'preauthorize';

/** Adobe's limits: authorize decides one resource, preauthorize up to five. */
export const MAX_RESOURCES: Record<DecisionKind, number> = { authorize: 1, preauthorize: 5 };

export interface DecisionInput {
  kind: DecisionKind;
  serviceProvider: string;
  mvpdId: string;
  deviceId: string;
  sso: SsoIdentity | null;
  resources: string[];
  trace: string;
  log?: DecisionLogger;
  /** A bounded platform name for the audit row (monitoring/platform.ts). */
  platform?: string | null;
  /** AP-TempPass-Identity (promotional TempPass). */
  tempPassIdentity?: string | string[] | undefined;
}

export type DecisionsWithTrace = DecisionsResponse & { trace: Array<DecisionTrace & { resource: string; profileType: string }> };

export async function decideResources(ctx: PassContext, rules: Rule[], input: DecisionInput): Promise<DecisionsWithTrace> {
  const max = MAX_RESOURCES[input.kind];
  if (input.resources.length > max) throw new PassError('too_many_resources', `${input.kind} takes at most ${max} resource${max > 1 ? 's' : ''}`);
  const { mvpds, resources } = indexOf(ctx.config);
  // A TempPass pseudo-MVPD: its own decisions (no profile, no MVPD).
  const tempPass = mvpds.has(input.mvpdId) ? undefined : tempPassFor(ctx.config, input.mvpdId);
  if (tempPass) {
    return decideTempPass(ctx, tempPass, { ...input, identity: input.tempPassIdentity, resources: input.resources.map((r) => ({ id: parseResource(r).id, raw: parseResource(r).raw })) });
  }
  const mvpd = mvpds.get(input.mvpdId);
  if (!mvpd || mvpd.enabled === false) throw new PassError('invalid_integration', `no active integration with "${input.mvpdId.slice(0, 64)}"`);
  const parsed = input.resources.map(parseResource);

  // An in-memory read (refreshed every few seconds), never a query per decision.
  const rule = degradationRulesFor(ctx.db).ruleFor(input.serviceProvider, mvpd.id);
  const degradation = rule ? { rule: rule.rule, details: rule.details, notAfter: rule.notAfter } : undefined;

  const profiles = new ProfileStore(ctx.db);
  const lookup = { requestor: input.serviceProvider, deviceId: input.deviceId, sso: input.sso, mvpd: mvpd.id };
  const [live] = await profiles.findLive(lookup);
  // AuthNAll: a viewer without a profile is authenticated by the rule (Adobe's "degraded" profile).
  const found = live ?? (rule?.rule === 'AuthNAll' ? degradedFound(input.deviceId, mvpd.id, Date.now()) : undefined);
  if (!found) throw new PassError((await profiles.hasExpired(lookup)) ? 'authenticated_profile_expired' : 'authenticated_profile_missing');

  const cache = new DecisionCache(ctx.db);
  // QA may have shortened this profile's decision and media-token lifetimes (admin API, at sign-in).
  const ttlMs = (found.profile.decisionSeconds ?? mvpd.authorizationTtlSeconds) * 1000;
  const mediaTtl = found.profile.mediaTokenSeconds ?? ctx.config.tokens.mediaTokenTtlSeconds;
  const tenant = tenantFor(ctx.config)!;
  const viewer = input.sso ? { issuer: input.sso.iss, subject: input.sso.sub, claims: input.sso } : null;
  const now = Date.now();
  const results = await Promise.all(
    parsed.map(async (resource): Promise<RuleResult & { expiresAt?: number }> => {
      const config = resources.get(resource.id);
      // Only the MVPD's answers are cached: claims and grants are read fresh each time. Under a
      // degradation rule the rule decides, not a cached MVPD answer (and nothing is cached).
      const cacheable = config?.access.type === 'tve' && !degradation;
      const cached = cacheable ? await cache.get(found.profile.id, resource.id) : undefined;
      if (cached) return cached;
      const result = await decide(rules, {
        entryId: resource.id,
        resource: config,
        tenant,
        viewer,
        mvpd: { config: mvpd, subscriber: found.profile.upstreamUserId },
        degradation,
        now,
      });
      // A re-authz obligation shortens this authorization: the MVPD is asked again after n seconds.
      const reAuthz = reAuthzSeconds(result.obligations);
      const resultTtlMs = reAuthz ? Math.min(ttlMs, reAuthz * 1000) : ttlMs;
      if (cacheable && result.source === 'mvpd') await cache.put(found.profile.id, resource.id, result, resultTtlMs, now);
      const expiresAt = now + resultTtlMs;
      return cacheable ? { ...result, expiresAt, trace: { ...result.trace, cache: 'miss' } } : { ...result, expiresAt };
    }),
  );

  // Hashed once: the media token and the audit rows carry the same value.
  const did = deviceHash(input.deviceId);
  const decisions: Decision[] = [];
  for (const [i, result] of results.entries()) {
    const resource = parsed[i]!;
    const base = { resource: resource.raw, serviceProvider: input.serviceProvider, mvpd: mvpd.id, source: result.source, ...(result.obligations?.length ? { obligations: result.obligations } : {}) };
    if (result.decision === 'Deny') {
      decisions.push({ ...base, authorized: false, error: errorBody(result.code, input.trace, { details: result.details }) });
    } else if (input.kind === 'preauthorize') {
      decisions.push({ ...base, authorized: true });
    } else {
      const media = await ctx.tokens.sign(
        'media',
        { sub: found.profile.attributes.userID, resource: resource.id, requestor: input.serviceProvider, mvpd: mvpd.id, did },
        mediaTtl,
        now,
      );
      decisions.push({ ...base, authorized: true, notBefore: now, notAfter: result.expiresAt ?? now + ttlMs, token: { notBefore: media.notBefore, notAfter: media.notAfter, serializedToken: media.token } });
    }
  }

  await recordDecisions(
    ctx.db,
    results.map((result, i) => ({ trace: input.trace, requestor: input.serviceProvider, mvpd: mvpd.id, resource: parsed[i]!.id, deviceHash: did, result, kind: input.kind, platform: input.platform ?? null })),
    now,
    input.log,
  );

  return { decisions, trace: results.map((r, i) => ({ resource: parsed[i]!.id, profileType: found.type, ...r.trace })) };
}

/** The config's MVPDs and resources by id, built once per config (it is parsed once at start-up). */
const indexes = new WeakMap<PassContext['config'], { mvpds: Map<string, PassContext['config']['mvpds'][number]>; resources: Map<string, PassContext['config']['resources'][number]> }>();
function indexOf(config: PassContext['config']) {
  let index = indexes.get(config);
  if (!index) {
    index = { mvpds: new Map(config.mvpds.map((m) => [m.id, m])), resources: new Map(config.resources.map((r) => [r.id, r])) };
    indexes.set(config, index);
  }
  return index;
}

/** The stand-in profile of an AuthNAll rule: never stored, never sent to the MVPD. */
function degradedFound(deviceId: string, mvpd: string, now: number) {
  const userID = degradedUserId(deviceId);
  const profile: StoredProfile = {
    id: `degraded:${mvpd}:${userID}`,
    requestor: '',
    mvpd,
    deviceId,
    ssoIssuer: null,
    ssoSubject: null,
    issuer: 'Playgate',
    upstreamUserId: userID,
    attributes: { userID },
    authCode: '',
    notBefore: now,
    notAfter: now + 3600_000,
  };
  return { type: 'degraded', profile };
}
