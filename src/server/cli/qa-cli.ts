// `npm run qa -- <command>`: the QA controls from a terminal, through the admin HTTP API of
// a running Playgate (PLAYGATE_BASE_URL, default http://localhost:8080; PLAYGATE_ADMIN_TOKEN,
// default the demo token), so it works against any dev or demo deployment.
import { QaApiError, QaClient } from '../../shared/qa/qa-client.ts';
import { expectedMatrix } from '../../shared/qa/expected-matrix.ts';
import { QA_MODES, type QaMode } from '../../shared/api/qa.ts';
import { SHIPPED_DEMO_SECRETS } from '../config/production-check.ts';

export const QA_USAGE = `usage: npm run qa -- <command>
  modes                                   every MVPD's mode, timeout and what a viewer will see
  mode <mvpd> normal|down|deny            switch an MVPD's authorization endpoint
  mode <mvpd> slow <ms>                   answer after <ms> (at or above its timeout: a timeout Deny)
  home <mvpd> <subscriber>|off            the browser is on that home-based subscriber's home network (sign-in without a password)
  modes-reset                             every MVPD back to normal (and nobody at home)
  reset <subject> [--device <id>]... [--keep-grants]
  reset --device <id>...                  profiles, cached decisions, sessions, overrides (+ grants)
  expire-profiles <subject>|--device <id> [--mvpd <id>]
  expire-decisions [<subject>|--device <id>]   nobody named: the whole cache
  lifetime <subject>|--device <id> [<seconds>] [--media <s>] [--decision <s>]
                                          short lifetimes for the next TV provider sign-in:
                                          its profile, its media tokens, its decisions (cache)
  facts | matrix                          the config's subscribers and titles | the expected verdicts
env: PLAYGATE_BASE_URL (default http://localhost:8080), PLAYGATE_ADMIN_TOKEN (default the demo token)`;

interface Parsed {
  positional: string[];
  devices: string[];
  mvpd?: string;
  media?: string;
  decision?: string;
  keepGrants: boolean;
}

function parse(args: string[]): Parsed {
  const p: Parsed = { positional: [], devices: [], keepGrants: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--device' && args[i + 1]) p.devices.push(args[++i]!);
    else if (a === '--mvpd' && args[i + 1]) p.mvpd = args[++i]!;
    else if (a === '--media' && args[i + 1]) p.media = args[++i]!;
    else if (a === '--decision' && args[i + 1]) p.decision = args[++i]!;
    else if (a === '--keep-grants') p.keepGrants = true;
    else p.positional.push(a);
  }
  return p;
}

export async function runQaCli(args: string[], qa: QaClient, out: (line: string) => void): Promise<number> {
  const [command, ...rest] = args;
  const p = parse(rest);
  const who = { ...(p.positional[0] ? { subject: p.positional[0] } : {}), ...(p.devices.length ? { deviceIds: p.devices } : {}) };
  try {
    switch (command) {
      case 'modes':
        for (const m of await qa.mvpdModes()) out(`${m.id.padEnd(12)} ${m.mode.padEnd(6)} ${m.mode === 'slow' ? `${m.slowMs} ms` : ''}  timeout ${m.timeoutMs} ms → ${m.effect}${m.homeNetwork ? ` · at home: ${m.homeNetwork}` : ''}`);
        return 0;
      case 'mode': {
        const [mvpd, mode, ms] = p.positional;
        if (!mvpd || !QA_MODES.includes(mode as QaMode) || (mode === 'slow' && !/^\d+$/.test(ms ?? ''))) break;
        const m = await qa.setMvpdMode(mvpd, { mode: mode as QaMode, ...(mode === 'slow' ? { slowMs: Number(ms) } : {}) });
        out(`${m.id}: ${m.mode}${m.mode === 'slow' ? ` ${m.slowMs} ms` : ''} → ${m.effect} (timeout ${m.timeoutMs} ms)`);
        return 0;
      }
      case 'home': {
        const [mvpd, who_] = p.positional;
        if (!mvpd || !who_) break;
        // The knob travels with the mode: keep the MVPD's current one.
        const current = (await qa.mvpdModes()).find((m) => m.id === mvpd);
        const m = await qa.setMvpdMode(mvpd, { mode: current?.mode ?? 'normal', homeNetwork: who_ === 'off' ? null : who_ });
        out(m.homeNetwork ? `${m.id}: at home on ${m.homeNetwork}'s network (sign-in without a password)` : `${m.id}: nobody at home`);
        return 0;
      }
      case 'modes-reset':
        await qa.resetMvpdModes();
        out('every MVPD is normal');
        return 0;
      case 'reset': {
        if (!who.subject && !who.deviceIds) break;
        const r = await qa.resetViewer({ ...who, grants: !p.keepGrants });
        out(`reset: ${r.profiles} profile(s), ${r.decisions} cached decision(s), ${r.sessions} session(s), ${r.lifetimeOverrides} override(s); grants revoked ${r.grantsRevoked}, demo grants restored ${r.grantsRestored}`);
        return 0;
      }
      case 'expire-profiles':
        if (!who.subject && !who.deviceIds) break;
        out(`expired ${await qa.expireProfiles({ ...who, ...(p.mvpd ? { mvpd: p.mvpd } : {}) })} profile(s)`);
        return 0;
      case 'expire-decisions':
        out(`dropped ${await qa.expireDecisions(who)} cached decision(s)`);
        return 0;
      case 'lifetime': {
        const seconds = p.positional[p.devices.length ? 0 : 1];
        const subject = p.devices.length ? undefined : p.positional[0];
        const numbers = [seconds, p.media, p.decision];
        if (numbers.every((n) => n === undefined) || numbers.some((n) => n !== undefined && !/^\d+$/.test(n)) || (!subject && p.devices.length !== 1)) break;
        const o = await qa.setLifetimes({
          ...(subject ? { subject } : { deviceId: p.devices[0]! }),
          ...(seconds ? { profileSeconds: Number(seconds) } : {}),
          ...(p.media ? { mediaTokenSeconds: Number(p.media) } : {}),
          ...(p.decision ? { decisionSeconds: Number(p.decision) } : {}),
        });
        out(`next TV provider sign-in of ${o.scope}: ${describeLifetimes(o)} (unused, this lapses at ${new Date(o.expiresAt).toISOString()})`);
        return 0;
      }
      case 'facts':
        out(JSON.stringify(await qa.facts(), null, 2));
        return 0;
      case 'matrix':
        for (const c of expectedMatrix(await qa.facts())) out(`${c.mvpd}/${c.subscriber} × ${c.resource}: ${c.expected}${c.code ? ` (${c.code})` : ''} — ${c.why}`);
        return 0;
    }
  } catch (err) {
    if (err instanceof QaApiError) {
      out(`refused: ${err.message}`);
      return 1;
    }
    if (err instanceof TypeError) {
      out(`Playgate did not answer: ${err.message}`);
      return 1;
    }
    throw err;
  }
  out(QA_USAGE);
  return 2;
}

/** "profile 20 s, media tokens 30 s, decisions 10 s" (what was shortened; the rest as configured). */
export function describeLifetimes(o: { profileSeconds?: number | undefined; mediaTokenSeconds?: number | undefined; decisionSeconds?: number | undefined }): string {
  const parts = [
    ...(o.profileSeconds ? [`profile lasts ${o.profileSeconds} s`] : []),
    ...(o.mediaTokenSeconds ? [`media tokens last ${o.mediaTokenSeconds} s`] : []),
    ...(o.decisionSeconds ? [`decisions are cached ${o.decisionSeconds} s`] : []),
  ];
  return parts.join(', ');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const qa = new QaClient({ baseUrl: process.env.PLAYGATE_BASE_URL ?? 'http://localhost:8080', adminToken: process.env.PLAYGATE_ADMIN_TOKEN ?? SHIPPED_DEMO_SECRETS.adminToken });
  process.exit(await runQaCli(process.argv.slice(2), qa, (l) => console.log(l)));
}
