// GET /playback/v1/entry/{entryId}: entry metadata and a tokenised HLS URL, or a Deny
// with a reason (NOT_AUTHENTICATED, TOKEN_ERROR, NO_ENTITLEMENT, NO_ENTITY_EXIST).
// - partial mode: the bearer is the viewer's SSO JWT; the shared engine decides
//   (claims → internal store → the MVPD, through the viewer's SSO profile);
// - full mode: the bearer is the customer's own entitlement JWT; its entry claim must
//   name this entry.
import type { PlaybackEntry } from '../../shared/api/playback.ts';
import { passPaths } from '../../shared/pass-paths.ts';
import { parseDeviceIdentifier } from '../../shared/device-identifier.ts';
import { PassError } from '../http/pass-error.ts';
import type { PassContext } from '../pass/pass-context.ts';
import { ProfileStore } from '../pass/profile-store.ts';
import { deviceHash } from '../pass/decision-service.ts';
import { decide } from '../entitlement/pipeline.ts';
import type { Rule, RuleResult } from '../entitlement/decision.ts';
import { recordDecisions } from '../entitlement/decision-audit.ts';
import { tenantFor } from '../entitlement/tenants.ts';
import type { FullModeVerifier } from './full-mode-verifier.ts';

export interface PlaybackRequest {
  entryId: string;
  tenantId?: string | undefined;
  authorization?: string | undefined;
  deviceHeader?: string | undefined;
  trace: string;
}

export async function playEntry(ctx: PassContext, rules: Rule[], full: FullModeVerifier, req: PlaybackRequest): Promise<PlaybackEntry> {
  const tenant = tenantFor(ctx.config, req.tenantId);
  if (!tenant) throw new PassError('NO_ENTITY_EXIST', `unknown tenant "${String(req.tenantId).slice(0, 64)}"`);
  const resource = ctx.config.resources.find((r) => r.id === req.entryId);
  if (!resource) throw new PassError('NO_ENTITY_EXIST', `no entry "${req.entryId.slice(0, 64)}"`);
  const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.authorization ?? '')?.[1];
  if (!bearer) throw new PassError('NOT_AUTHENTICATED', 'send the viewer token as Authorization: Bearer');
  const device = parseDeviceIdentifier(req.deviceHeader);
  const now = Date.now();

  let result: RuleResult;
  let subject: string;
  let mvpdId = '';
  if (tenant.auth) {
    let claims;
    try {
      claims = await full.verify(bearer, tenant.auth.jwks);
    } catch (err) {
      throw new PassError('TOKEN_ERROR', (err as Error).message);
    }
    const names = tenant.auth.jwks.claims;
    subject = String(claims[names.customer]);
    const entry = claims[names.entry];
    const entries = Array.isArray(entry) ? entry.map(String) : [String(entry)];
    result = entries.includes(resource.id)
      ? { decision: 'Permit', source: 'full-external', trace: { rule: 'full-external', claim: names.entry, value: resource.id } }
      : { decision: 'Deny', source: 'full-external', code: 'no_entitlement', details: `the ${names.entry} claim does not name this entry`, trace: { rule: 'full-external', claim: names.entry, note: 'entry mismatch' } };
  } else {
    let sso;
    try {
      sso = await ctx.sso.verify(bearer);
    } catch (err) {
      throw new PassError('TOKEN_ERROR', (err as Error).message);
    }
    subject = sso.sub;
    // TV Everywhere entries: the MVPD decides, through the viewer's SSO profile.
    let mvpd = null;
    if (resource.access.type === 'tve') {
      const [found] = await new ProfileStore(ctx.db).findLive({ requestor: ctx.config.requestor.id, deviceId: device ?? '-', sso: { iss: sso.iss, sub: sso.sub } });
      const config = found ? ctx.config.mvpds.find((m) => m.id === found.profile.mvpd) : undefined;
      if (found && config) {
        mvpd = { config, subscriber: found.profile.upstreamUserId };
        mvpdId = config.id;
      }
    }
    result = await decide(rules, { entryId: resource.id, resource, tenant, viewer: { issuer: sso.iss, subject: sso.sub, claims: sso }, mvpd, now });
  }

  await recordDecisions(ctx.db, [{ trace: req.trace, requestor: tenant.id, mvpd: mvpdId, resource: resource.id, deviceHash: device ? deviceHash(device) : '', result }], now);
  if (result.decision === 'Deny') {
    throw new PassError('NO_ENTITLEMENT', `${result.code}${result.details ? `: ${result.details}` : ''}`);
  }
  const media = await ctx.tokens.sign(
    'media',
    { sub: subject, resource: resource.id, requestor: tenant.id, ...(device ? { did: deviceHash(device) } : {}) },
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
