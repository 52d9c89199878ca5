// Puts a scenario's state in place through the QA admin API before it runs: the viewer's
// and this device's profiles, cached decisions and grants reset (or only this device's, for a
// fresh device), cached decisions dropped, the MVPD modes it names, a short profile lifetime
// for the next sign-in. Returns what it did, in plain words.
import { decodeJwt } from 'jose';
import type { QaClient } from '../../../shared/qa/qa-client.ts';
import type { ScenarioSetup } from './journey-presets.ts';

export interface SetupTarget {
  /** The viewer's SSO token (its `iss`/`sub` name whom to reset; the server trusts nothing in it). */
  ssoToken: string | null;
  deviceId: string;
}

function identity(token: string | null): { subject: string; issuer: string } | null {
  if (!token) return null;
  try {
    const { iss, sub } = decodeJwt(token);
    return iss && sub ? { subject: sub, issuer: iss } : null;
  } catch {
    return null;
  }
}

export async function setUpScenario(qa: QaClient, setup: ScenarioSetup, target: SetupTarget): Promise<string[]> {
  const done: string[] = [];
  const who = identity(target.ssoToken);
  if (setup.resetViewer) {
    const r = await qa.resetViewer({ ...(who ?? {}), deviceIds: [target.deviceId] });
    done.push(`reset ${who ? who.subject : 'this device'}: ${r.profiles} profile(s), ${r.decisions} cached decision(s) gone${r.grantsRestored ? `, ${r.grantsRestored} demo grant(s) restored` : ''}`);
  }
  if (setup.freshDevice) {
    // This device only: the viewer's SSO profiles (from other devices) are what the scenario shows.
    const r = await qa.resetViewer({ deviceIds: [target.deviceId], grants: false });
    done.push(`fresh device: ${r.profiles} profile(s) of its own, ${r.sessions} session(s) gone`);
  }
  if (setup.expireDecisions) {
    const n = await qa.expireDecisions({ ...(who ?? {}), deviceIds: [target.deviceId] });
    done.push(`${n} cached decision(s) dropped`);
  }
  for (const [mvpd, body] of Object.entries(setup.mvpdModes ?? {})) {
    const m = await qa.setMvpdMode(mvpd, body);
    done.push(`${m.displayName} ${m.mode}${m.mode === 'slow' ? ` ${m.slowMs} ms (timeout ${m.timeoutMs} ms)` : ''}`);
  }
  if (setup.profileSeconds) {
    const o = await qa.setLifetimes({ deviceId: target.deviceId, profileSeconds: setup.profileSeconds });
    done.push(`next TV provider sign-in lasts ${o.profileSeconds} s`);
  }
  return done;
}
