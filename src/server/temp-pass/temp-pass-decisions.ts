// Decisions for a TempPass pseudo-MVPD (Adobe's basic and promotional TempPass): no profile,
// no MVPD. The clock starts at the first authorize; while the pass runs every catalog
// resource is a Permit (source "temppass"); a promotional pass also counts distinct
// resources. Beyond Adobe: the media token carries the pass end (`pxp`), so the gatekeeper
// never issues a playback token that outlives the pass.
import type { Decision } from '../../shared/api/pass.ts';
import type { PassContext } from '../context/pass-context.ts';
import { deviceHash } from '../context/device-hash.ts';
import { errorBody } from '../http/error-body.ts';
import { PassError } from '../http/pass-error.ts';
import { recordDecisions, type DecisionLogger } from '../entitlement/decision-audit.ts';
import type { RuleResult } from '../entitlement/decision.ts';
import type { TempPassConfig } from './temp-pass-config.ts';
import { passKey } from './temp-pass-identity.ts';
import { TempPassStore } from './temp-pass-store.ts';

export interface TempPassDecisionInput {
  kind: 'authorize' | 'preauthorize';
  serviceProvider: string;
  deviceId: string;
  identity: string | string[] | undefined;
  resources: Array<{ id: string; raw: string }>;
  trace: string;
  log?: DecisionLogger | undefined;
}

export async function decideTempPass(ctx: PassContext, pass: TempPassConfig, input: TempPassDecisionInput) {
  const key = passKey(pass, input.deviceId, input.identity);
  const store = new TempPassStore(ctx.db);
  const now = Date.now();
  const q = { requestor: input.serviceProvider, mvpd: pass.id, key };
  // Preauthorize never starts the clock; authorize does (Adobe: "from the initial authorization request").
  const current = input.kind === 'authorize' ? await store.startOrGet({ ...q, deviceHash: deviceHash(input.deviceId), durationMs: pass.durationSeconds * 1000 }, now) : await store.find(q.requestor, q.mvpd, q.key);
  const known = new Set(ctx.config.resources.map((r) => r.id));

  const results: RuleResult[] = [];
  for (const resource of input.resources) {
    const note = current ? `${pass.kind} pass until ${new Date(current.expiresAt).toISOString()}` : `${pass.kind} pass not started`;
    const trace = { rule: 'temppass', note };
    if (!known.has(resource.id)) results.push({ decision: 'Deny', source: 'temppass', code: 'no_entitlement', details: `unknown resource "${resource.id.slice(0, 64)}"`, trace });
    else if (current && current.expiresAt <= now) results.push({ decision: 'Deny', source: 'temppass', code: 'temporary_access_duration_limit_exceeded', trace });
    else if (pass.kind === 'promotional' && pass.maxResources && current && input.kind === 'authorize' && !(await store.addResource(q.requestor, q.mvpd, key, resource.id, pass.maxResources))) {
      results.push({ decision: 'Deny', source: 'temppass', code: 'temporary_access_resources_limit_exceeded', details: `this preview covers ${pass.maxResources} titles`, trace });
    } else if (pass.kind === 'promotional' && pass.maxResources && current && input.kind === 'preauthorize' && !current.resources.includes(resource.id) && current.resources.length >= pass.maxResources) {
      results.push({ decision: 'Deny', source: 'temppass', code: 'temporary_access_resources_limit_exceeded', details: `this preview covers ${pass.maxResources} titles`, trace });
    } else results.push({ decision: 'Permit', source: 'temppass', trace });
  }

  const did = deviceHash(input.deviceId);
  const decisions: Decision[] = [];
  for (const [i, result] of results.entries()) {
    const resource = input.resources[i]!;
    const base = { resource: resource.raw, serviceProvider: input.serviceProvider, mvpd: pass.id, source: 'temppass' };
    if (result.decision === 'Deny') decisions.push({ ...base, authorized: false, error: errorBody(result.code, input.trace, { details: result.details }) });
    else if (input.kind === 'preauthorize' || !current) decisions.push({ ...base, authorized: true });
    else {
      const leftS = Math.ceil((current.expiresAt - now) / 1000);
      if (leftS <= 0) throw new PassError('internal_error');
      const media = await ctx.tokens.sign(
        'media',
        { sub: key.slice(key.indexOf(':') + 1), resource: resource.id, requestor: input.serviceProvider, mvpd: pass.id, did, pxp: Math.floor(current.expiresAt / 1000) },
        Math.min(ctx.config.tokens.mediaTokenTtlSeconds, leftS),
        now,
      );
      decisions.push({ ...base, authorized: true, notBefore: current.startedAt, notAfter: current.expiresAt, token: { notBefore: media.notBefore, notAfter: media.notAfter, serializedToken: media.token } });
    }
  }

  await recordDecisions(
    ctx.db,
    results.map((result, i) => ({ trace: input.trace, requestor: input.serviceProvider, mvpd: pass.id, resource: input.resources[i]!.id, deviceHash: did, result })),
    now,
    input.log,
  );
  return { decisions, trace: results.map((r, i) => ({ resource: input.resources[i]!.id, profileType: 'temporary', ...r.trace })) };
}
