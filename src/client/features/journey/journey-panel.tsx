// The journey view: the current journey drawn live as a sequence diagram across the app,
// the IdP, Playgate, the MVPD and the media server — every call with its status and time,
// decoded tokens (verified or not, and by whom), decision traces — with scenario presets,
// export (JSON, Mermaid, SVG) and reset. Its own lazy chunk, fetched when first opened.
import { useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { CatalogEntry } from '../../../shared/api/app-config.ts';
import type { ProfilesResponse } from '../../../shared/api/pass.ts';
import { passPaths } from '../../../shared/pass-paths.ts';
import { useServices } from '../../app/pass-client-context.tsx';
import { toErrorBody } from '../../lib/api-error.ts';
import type { PassClient } from '../../lib/pass-client.ts';
import { askPlaygate, callLog, onCallLogChange, tokenFingerprint, tokenPreview, type PlaygateVerdict, type TokenSighting } from '../../lib/call-log.ts';
import { useAuth } from '../sign-in/auth-context.tsx';
import { profilesQuery } from '../watch/profiles-query.ts';
import { annotateJourney } from './annotate-journey.ts';
import { decisionTraceQuery, isDecisionCall } from './decision-trace-query.ts';
import { useJourneyEvents } from './journey-events-query.ts';
import { callText, decisionText, mergeJourney, sequenceSteps, type DecisionView, type JourneyItem, type TokenView } from './journey-model.ts';
import { JOURNEY_PRESETS, presetById, type JourneyPreset } from './journey-presets.ts';
import { appVerifiedTokens, pendingPreset, setPendingPreset } from './journey-session.ts';
import { journeyToJson } from './json-export.ts';
import { journeyToMermaid } from './mermaid-export.ts';
import { journeyToHtml } from './html-export.ts';
import { useResetJourney } from './reset-journey-mutation.ts';
import { setUpScenario } from './scenario-setup.ts';
import { storyGroups } from './journey-story.ts';
import { QaApiError, QaClient } from '../../../shared/qa/qa-client.ts';
import { readAdminToken, saveAdminToken } from '../../lib/admin-token.ts';
import { SequenceDiagram } from './sequence-diagram.tsx';
import { verificationOf } from './token-verification.ts';
import { journeyBroadcaster, PRESENTER_WINDOW_PARAM } from './journey-channel.ts';
import './journey.css';

/** The app's calls before the last reset are not part of the journey (kept for this page). */
let resetAfterCallId = 0;

export function JourneyPanel({ onClose, onWatch, autostart }: { onClose(): void; onWatch(entry: CatalogEntry | null): void; autostart: string | null }) {
  const { pass, config } = useServices();
  const auth = useAuth();
  const viewer = auth.state.status === 'signed-in' ? auth.state.viewer : null;
  const queryClient = useQueryClient();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [afterCallId, setAfterCallId] = useState(resetAfterCallId);
  const [notice, setNotice] = useState<string | null>(null);
  const [adminToken, setAdminToken] = useState(() => readAdminToken());
  const qa = useMemo(() => (adminToken ? new QaClient({ adminToken }) : null), [adminToken]);
  const calls = useCallLog();
  const server = useJourneyEvents(pass);
  const reset = useResetJourney(pass, (id) => {
    resetAfterCallId = id;
    setAfterCallId(id);
  });

  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    document.body.classList.add('journey-open');
    return () => document.body.classList.remove('journey-open');
  }, []);

  const merged = useMemo(
    () => mergeJourney({ calls, events: server.data?.events ?? [], offsetMs: server.data?.offsetMs ?? 0, afterCallId }),
    [calls, server.data, afterCallId],
  );
  const traceIds = useMemo(() => [...new Set(merged.flatMap((i) => (i.trace && isDecisionCall(i.path) ? [i.trace] : [])))], [merged]);
  const decisionsByTrace = useQueries({
    queries: traceIds.map((trace) => decisionTraceQuery(pass, trace)),
    combine: (results) => Object.fromEntries(results.map((r, i) => [traceIds[i]!, r.data])) as Record<string, DecisionView[] | undefined>,
  });
  const items = useMemo(
    () => annotateJourney(merged, decisionsByTrace, appVerifiedTokens()),
    // appVerifiedTokens() grows when a viewer signs in: recompute then too.
    [merged, decisionsByTrace, viewer?.accessToken],
  );
  const steps = useMemo(() => sequenceSteps(items), [items]);
  // A presenter window (opened below) follows this window's journey.
  const broadcaster = useMemo(() => journeyBroadcaster(pass.deviceId), [pass.deviceId]);
  useEffect(() => () => broadcaster.close(), [broadcaster]);
  useEffect(() => broadcaster.publish(items), [broadcaster, items]);
  const story = useMemo(() => storyGroups(items), [items]);
  const [presenter, setPresenter] = useState(false);
  /** Step-by-step replay: how many story steps are shown (null: all, live). */
  const [replay, setReplay] = useState<number | null>(null);
  const shownStory = replay === null ? story : story.slice(0, replay);
  const shownSteps = useMemo(() => {
    if (replay === null) return steps;
    const keys = new Set(shownStory.flatMap((g) => g.items.map((i) => i.key)));
    return steps.filter((st) => keys.has(st.item.key));
  }, [steps, shownStory, replay]);
  useEffect(() => {
    document.body.classList.toggle('journey-presenter', presenter);
    return () => document.body.classList.remove('journey-presenter');
  }, [presenter]);

  const startWatching = (entryId: string) => {
    const entry = config.catalog.find((e) => e.id === entryId);
    if (!entry) return setNotice(`This catalog has no “${entryId}”.`);
    // Closed first (committed at once: a scheduled render could batch both updates into one,
    // and the open title would not start over), so the title starts over even if it was open.
    flushSync(() => onWatch(null));
    onWatch(entry);
  };

  const logoutEverywhere = async () => {
    if (!viewer) return setNotice('Nobody is signed in.');
    const sp = config.serviceProvider;
    try {
      const { profiles } = await pass.request<ProfilesResponse>('GET', passPaths.profiles(sp));
      for (const mvpd of Object.keys(profiles)) {
        await pass.request('GET', `${passPaths.logout(sp, mvpd)}?redirectUrl=${encodeURIComponent(`${window.location.origin}/`)}`);
      }
    } catch (err) {
      setNotice(`TV provider logout failed: ${toErrorBody(err).message}`);
    }
    await queryClient.invalidateQueries({ queryKey: ['pass'] });
    await queryClient.invalidateQueries({ queryKey: ['playback'] });
    onWatch(null);
    await auth.signOut();
  };

  const hasProfile = async () => Object.keys((await pass.request<ProfilesResponse>('GET', passPaths.profiles(config.serviceProvider))).profiles).length > 0;
  /** A scenario waiting for a TV provider profile (its `needsProfile` sign-in runs first). */
  const [awaitingProfile, setAwaitingProfile] = useState<string | null>(null);

  /** `fromLink`: run inside the window a preset opened (no new window, no second reset). */
  const runPreset = (preset: JourneyPreset, opts: { fromLink?: boolean; resetFirst?: boolean } = {}) => {
    setNotice(preset.guide);
    const { action } = preset;
    const needs = preset.setup?.needsProfile;
    if (action.kind === 'second-device' && !opts.fromLink) {
      // Known from the profiles already read (window.open must run in the click, before any await).
      const known = viewer ? queryClient.getQueryData<ProfilesResponse>(profilesQuery(pass, config.serviceProvider, viewer.username).queryKey) : undefined;
      if (needs && known && Object.keys(known.profiles).length === 0) {
        setNotice(`“${preset.title}” needs a TV provider sign-in on this device first: pick Skyline Cable and sign in as sky-basic, then start “${preset.title}” again.`);
        return startWatching(needs);
      }
      // Opened straight from the click, before any await, or a popup blocker steps in.
      const win = window.open(`/?device=new&journey=${encodeURIComponent(preset.id)}`, '_blank');
      if (!win) setNotice('The browser blocked the new window. Allow pop-ups for this site, then try again.');
      return;
    }
    void (async () => {
      if (action.kind === 'publisher' && viewer?.mode !== 'publisher') {
        // Back from the publisher sign-in, the view reopens and carries on (journey-session.ts).
        setPendingPreset(preset.id);
        return auth.signInRedirect('publisher');
      }
      if (preset.viewer && viewer && viewer.username !== preset.viewer) {
        return setNotice(`“${preset.title}” is about ${preset.viewer}: use “Switch viewer”, sign in as ${preset.viewer}, then start it again.`);
      }
      let setUp = '';
      if (preset.setup && viewer) {
        if (!qa) setNotice(`${preset.guide} (Not set up first: enter the admin token under Scenarios to let it reset the viewer and set the TV providers.)`);
        else {
          try {
            const done = await setUpScenario(qa, preset.setup, { ssoToken: viewer.accessToken, deviceId: pass.deviceId });
            setUp = `Set up: ${done.join('; ')}. `;
            setNotice(`${setUp}${preset.guide}`);
            await queryClient.invalidateQueries({ queryKey: ['pass'] });
            await queryClient.invalidateQueries({ queryKey: ['playback'] });
          } catch (err) {
            return setNotice(`“${preset.title}” could not set itself up: ${err instanceof QaApiError ? err.body.message : 'Playgate could not be reached'}.`);
          }
        }
      }
      if (needs && viewer && !(await hasProfile().catch(() => true))) {
        if (opts.fromLink) return setNotice(`${setUp}“${preset.title}” needs a TV provider profile of ${viewer.username}: sign in with a TV provider on the first device, then start it again there.`);
        // The sign-in comes first; the scenario carries on once the profile is there (see below).
        setNotice(`${setUp}“${preset.title}” needs a TV provider profile first: pick Skyline Cable and sign in as sky-basic; it carries on once the profile is there.`);
        setAwaitingProfile(preset.id);
        return startWatching(needs);
      }
      if (opts.resetFirst !== false) {
        await reset.mutateAsync().catch(() => undefined);
        // The story starts at the reset: the profile lookup it tells (by device, or shared through
        // SSO) is asked again, not served from a cache filled before the reset.
        if (viewer) await queryClient.invalidateQueries({ queryKey: profilesQuery(pass, config.serviceProvider, viewer.username).queryKey });
      }
      if (action.kind === 'logout') return logoutEverywhere();
      if (!viewer) {
        if (opts.fromLink) return setNotice(`Sign in, then start “${preset.title}” again.`);
        // Back from the sign-in redirect, the view reopens and carries on (journey-session.ts).
        setPendingPreset(preset.id);
        return auth.signInRedirect();
      }
      startWatching(action.entryId);
    })();
  };

  // A scenario waiting for its TV provider sign-in: once a profile is there, it carries on
  // (keeping the sign-in in the story: no journey reset). The latest runPreset and profile
  // check, through a ref: the poll must not restart on every render.
  const latest = useRef({ runPreset, hasProfile });
  latest.current = { runPreset, hasProfile };
  useEffect(() => {
    if (!awaitingProfile) return;
    let stopped = false;
    const timer = setInterval(() => {
      void latest.current
        .hasProfile()
        .then((found) => {
          if (!found || stopped) return;
          stopped = true;
          setAwaitingProfile(null);
          const preset = presetById(awaitingProfile);
          if (preset) latest.current.runPreset(preset, { resetFirst: false });
        })
        .catch(() => undefined);
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [awaitingProfile]);

  // A preset opened through a link (a second device), or waiting for the sign-in to finish.
  // Neither resets: the link's window is a new device whose journey starts empty, and a reset
  // there would cut off the calls it made while loading (the SSO profile lookup it is about).
  const queued = useRef<{ id: string; resetFirst: boolean } | null>(autostart ? { id: autostart, resetFirst: false } : pendingPreset() ? { id: pendingPreset()!, resetFirst: false } : null);
  useEffect(() => {
    if (!queued.current || auth.state.status === 'loading') return;
    const { id, resetFirst } = queued.current;
    queued.current = null;
    setPendingPreset(null);
    const preset = presetById(id);
    if (preset) runPreset(preset, { fromLink: true, resetFirst });
  });

  const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');
  const exportJson = () => download(`playgate-journey-${stamp()}.json`, 'application/json', journeyToJson(items, { device: pass.deviceId, exportedAt: new Date() }));
  const exportMermaid = () => download(`playgate-journey-${stamp()}.mmd`, 'text/plain', journeyToMermaid(items));
  const exportHtml = () => {
    // The whole journey, not a replay's slice of it.
    setReplay(null);
    flushSync(() => undefined);
    if (svgRef.current) download(`playgate-journey-${stamp()}.html`, 'text/html', journeyToHtml(items, new XMLSerializer().serializeToString(svgRef.current), { device: pass.deviceId, exportedAt: new Date() }));
  };
  const exportSvg = () => {
    if (svgRef.current) download(`playgate-journey-${stamp()}.svg`, 'image/svg+xml', `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svgRef.current)}`);
  };

  return (
    <aside
      id="journey-view"
      className={presenter ? 'journey jv-presenter' : 'journey'}
      aria-labelledby="journey-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="journey-head">
        <h2 id="journey-title" ref={headingRef} tabIndex={-1}>
          Journey
        </h2>
        <div className="jv-head-actions">
          <button type="button" aria-pressed={presenter} onClick={() => setPresenter((p) => !p)}>
            Presenter mode
          </button>
          <button
            type="button"
            title="A second window for the projector that follows this window's journey"
            onClick={() => {
              if (!window.open(`/?${PRESENTER_WINDOW_PARAM}=1`, 'playgate-journey-presenter')) setNotice('The browser blocked the new window. Allow pop-ups for this site, then try again.');
            }}
          >
            Presenter window
          </button>
          <button type="button" onClick={onClose} aria-keyshortcuts="Escape">
            Close
          </button>
        </div>
      </div>
      <p className="hint">
        Every call of this device’s journey, live: the app’s own, and what Playgate saw (MVPD sign-in, its calls to the MVPD, media). Device <code>{pass.deviceId}</code>.
      </p>

      <section>
        <h3 id="jv-presets-title">Scenarios</h3>
        <ul className="jv-presets">
          {JOURNEY_PRESETS.map((preset) => (
            <li key={preset.id}>
              <button type="button" title={preset.guide} onClick={() => runPreset(preset)}>
                {preset.title}
              </button>
            </li>
          ))}
        </ul>
        {config.qaConsole && !adminToken ? (
          <form
            className="jv-admin-token"
            onSubmit={(e) => {
              e.preventDefault();
              const value = String(new FormData(e.currentTarget).get('token') ?? '').trim();
              if (!value) return;
              saveAdminToken(value);
              setAdminToken(value);
            }}
          >
            <label>
              Admin token <input name="token" type="password" autoComplete="off" />
            </label>{' '}
            <button type="submit">Use for scenarios</button>
            <span className="hint"> Scenarios then set themselves up (reset the viewer, set the TV providers).</span>
          </form>
        ) : null}
        {notice ? (
          <p className="jv-notice" role="status">
            {notice}
          </p>
        ) : null}
      </section>

      <div className="actions">
        <button
          type="button"
          disabled={reset.isPending}
          onClick={() =>
            reset.mutate(undefined, {
              onSuccess: () => setNotice('The journey starts over from here.'),
              onError: (err) => setNotice(`The journey could not be reset: ${err.message}`),
            })
          }
        >
          Reset
        </button>
        <button type="button" onClick={exportJson}>
          Export JSON
        </button>
        <button type="button" onClick={exportMermaid}>
          Export Mermaid
        </button>
        <button type="button" onClick={exportSvg}>
          Export image (SVG)
        </button>
        <button type="button" onClick={exportHtml}>
          Export replay (HTML)
        </button>
      </div>
      <p className="hint">
        {items.length} {items.length === 1 ? 'call' : 'calls'} · updated every second
        {server.error ? ` · the server’s side is unavailable (${server.error.message})` : ''}
      </p>

      <section>
        <h3 id="jv-story-title">The story, step by step</h3>
        <div className="actions">
          <button type="button" disabled={story.length === 0} onClick={() => setReplay(1)}>
            Replay from the start
          </button>
          <button type="button" disabled={replay === null} onClick={() => setReplay((r) => (r === null || r + 1 >= story.length ? null : r + 1))}>
            Next step
          </button>
          <button type="button" disabled={replay === null} onClick={() => setReplay(null)}>
            Show all
          </button>
          {replay !== null ? (
            <span className="hint" role="status">
              Step {replay} of {story.length}
            </span>
          ) : null}
        </div>
        <ol className="jv-story" aria-labelledby="jv-story-title">
          {shownStory.map((g) => (
            <li key={g.items[0]!.key} value={g.number}>
              <strong>{g.system}:</strong> {g.line}
              {g.calls > 1 ? (
                <details>
                  <summary>{g.calls} calls</summary>
                  <ul>
                    {g.items.map((i) => (
                      <li key={i.key}>
                        <code>{callText(i)}</code> {i.status === 0 ? 'no answer' : i.status}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : (
                <span className="hint"> ({callText(g.items[0]!)} {g.items[0]!.status === 0 ? 'no answer' : g.items[0]!.status})</span>
              )}
              {g.items.flatMap((i) => i.decisions ?? []).map((d, k) => (
                <p key={k} className="jv-decision">
                  {decisionText(d)}
                </p>
              ))}
            </li>
          ))}
        </ol>
      </section>

      <section>
        <h3 id="jv-diagram-title">Sequence diagram</h3>
        {/* Focusable: it scrolls, and keyboard users must be able to scroll it. `scroll-x`: made to scroll sideways on a phone. */}
        <figure className="jv-figure scroll-x" tabIndex={0}>
          <SequenceDiagram svgRef={svgRef} steps={shownSteps} titleId="jv-svg-title" title={`Sequence diagram of ${items.length} calls between Viewer, App, IdP, Playgate, MVPD and Media`} />
          <figcaption>The same calls, as text: “Calls in order” below.</figcaption>
        </figure>
      </section>

      <section>
        <h3 id="jv-calls-title">Calls in order</h3>
        {items.length === 0 ? <p className="hint">No calls yet. Start a scenario, or use the app.</p> : null}
        <ol className="jv-calls" aria-labelledby="jv-calls-title">
          {items.map((item) => (
            <CallEntry key={item.key} item={item} />
          ))}
        </ol>
      </section>

      <section>
        <h3 id="jv-tokens-title">Tokens in play</h3>
        <TokensInPlay ssoToken={viewer?.accessToken ?? null} pass={pass} />
      </section>
    </aside>
  );
}

function CallEntry({ item }: { item: JourneyItem }) {
  const statusClass = item.status === 0 || item.status >= 400 ? 'jv-status-bad' : item.status >= 300 ? 'jv-status-redirect' : 'jv-status-ok';
  return (
    <li>
      <span className="jv-lanes">
        {item.from} → {item.to}
      </span>{' '}
      <code>{callText(item)}</code> <span className={statusClass}>{item.status === 0 ? 'no answer' : item.status}</span> <span className="hint">{item.ms} ms</span>
      {item.label ? <span className="hint"> — {item.label}</span> : null}
      {item.decisions?.map((d, i) => (
        <p key={i} className="jv-decision">
          Decision: {decisionText(d)}
        </p>
      ))}
      {item.tokens?.map((t, i) => (
        <TokenDetails key={i} label={t.field} token={t} />
      ))}
    </li>
  );
}

function TokenDetails({ label, token }: { label: ReactNode; token: TokenView }) {
  const kind = typeof token.header.typ === 'string' ? token.header.typ : 'JWT';
  const exp = typeof token.claims.exp === 'number' ? new Date(token.claims.exp * 1000) : null;
  return (
    <details className="jv-token">
      <summary>
        {label}: {kind} <code>{token.preview}</code> <span className={token.verified ? 'jv-verified' : 'jv-unverified'}>{token.verified ? 'verified' : 'not verified'}</span>
        {exp ? <span className="hint"> · expires {exp.toLocaleTimeString()}</span> : null}
      </summary>
      <p className="hint">{token.verification}</p>
      <pre>{JSON.stringify({ header: token.header, claims: token.claims }, maskTokens, 2)}</pre>
    </details>
  );
}

/** The tokens this window sends: the SSO token (AD-Service-Token) and the client access token. */
function TokensInPlay({ ssoToken, pass }: { ssoToken: string | null; pass: PassClient }) {
  const [client, setClient] = useState<string | null>(null);
  const [verdicts, setVerdicts] = useState<Readonly<Record<string, PlaygateVerdict>>>({});
  useEffect(() => {
    let live = true;
    pass
      .clientToken()
      .then((t) => {
        if (live) setClient(t);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [pass]);
  useEffect(() => {
    let live = true;
    // Playgate's verifier is asked now, for both: not assumed from the tokens' arrival.
    for (const token of [ssoToken, client]) {
      if (!token) continue;
      void askPlaygate(token, true).then((verdict) => {
        if (live) setVerdicts((known) => ({ ...known, [tokenFingerprint(token)]: verdict }));
      });
    }
    return () => {
      live = false;
    };
  }, [ssoToken, client]);
  const sso = ssoToken ? displayToken(ssoToken, 'access_token', verdicts) : null;
  const clientView = client ? displayToken(client, 'access_token', verdicts) : null;
  if (!sso && !clientView) return <p className="hint">No tokens yet.</p>;
  return (
    <ul className="jv-calls">
      {sso ? (
        <li>
          <TokenDetails label="SSO token (AD-Service-Token)" token={sso} />
        </li>
      ) : null}
      {clientView ? (
        <li>
          <TokenDetails label="Client access token (Authorization)" token={clientView} />
        </li>
      ) : null}
    </ul>
  );
}

/** Decoded for display only (jose's decode functions); what it says of verification is Playgate's verifier's answer. */
function displayToken(token: string, field: string, verdicts: Readonly<Record<string, PlaygateVerdict>>): TokenView | null {
  try {
    const fingerprint = tokenFingerprint(token);
    const verdict = verdicts[fingerprint];
    const sighting: TokenSighting = { field, preview: tokenPreview(token), fingerprint, header: { ...decodeProtectedHeader(token) }, claims: { ...decodeJwt(token) }, ...(verdict ? { playgate: verdict } : {}) };
    return { ...sighting, ...verificationOf(sighting, [sighting], appVerifiedTokens()) };
  } catch {
    return null;
  }
}

const JWS = /eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+/g;

/** A claim that itself holds a token is shown truncated too. */
function maskTokens(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.replace(JWS, (t) => tokenPreview(t)) : value;
}

/** The app's call log, re-read whenever it changes. */
function useCallLog() {
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => onCallLogChange(bump), []);
  // The log is mutated in place: `version` says when to copy it again.
  return useMemo(() => (version >= 0 ? [...callLog()] : []), [version]);
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
