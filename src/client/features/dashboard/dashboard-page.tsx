// The operations dashboard (admin only, /dashboard): decisions per minute by result, top
// deny reasons, MVPD latency p50/p95, authentications started vs completed — all from the
// ESM monitoring API, refreshed every 5 s. Its own lazily loaded chunk (uPlot included):
// main.tsx imports it only on this path, so it costs the viewer's app nothing.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '../../lib/query-client.ts';
import { ApiError } from '../../lib/api-error.ts';
import type { EsmWindow } from './esm-client.ts';
import { useEsmReport } from './esm-report-query.ts';
import { latencyRows, minuteSeries, topReasons } from './dashboard-model.ts';
import { MinuteChart, type SeriesSpec } from './minute-chart.tsx';
import './dashboard.css';

const TOKEN_KEY = 'playgate.dashboard.adminToken';
const REFRESH_MS = 5000;
const WINDOWS = [15, 30, 60, 180] as const;
const MINUTE_PATH = 'year/month/day/hour/minute';
const DECISION_SERIES: SeriesSpec[] = [
  { metric: 'authz-successful', label: 'Permit', color: '#1a7f37' },
  { metric: 'authz-rejected', label: 'Deny', color: '#cf222e' },
  { metric: 'authz-failed', label: 'Failed (retry)', color: '#9a6700' },
];
const AUTHN_SERIES: SeriesSpec[] = [
  { metric: 'authn-attempts', label: 'Started', color: '#0969da' },
  { metric: 'authn-successful', label: 'Completed', color: '#1a7f37' },
];

export function DashboardPage() {
  const client = useMemo(() => createQueryClient(), []);
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY));
  const [refused, setRefused] = useState(false);
  return (
    <QueryClientProvider client={client}>
      <main className="dashboard">
        <header className="dashboard-head">
          <h1>Playgate operations</h1>
          {token ? (
            <button
              type="button"
              onClick={() => {
                sessionStorage.removeItem(TOKEN_KEY);
                setToken(null);
              }}
            >
              Forget admin token
            </button>
          ) : null}
        </header>
        {token ? (
          <Dashboard
            token={token}
            onRefused={() => {
              sessionStorage.removeItem(TOKEN_KEY);
              setRefused(true);
              setToken(null);
            }}
          />
        ) : (
          <TokenForm
            refused={refused}
            onToken={(t) => {
              sessionStorage.setItem(TOKEN_KEY, t);
              setRefused(false);
              setToken(t);
            }}
          />
        )}
      </main>
    </QueryClientProvider>
  );
}

function TokenForm({ onToken, refused }: { onToken(token: string): void; refused: boolean }) {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) onToken(value.trim());
  };
  return (
    <form className="panel" onSubmit={submit}>
      <p>The dashboard reads the monitoring API with the admin token.</p>
      {refused ? (
        <p role="alert" className="error">
          The admin token was refused. Enter it again.
        </p>
      ) : null}
      <label>
        Admin token <input type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit">Open the dashboard</button>
    </form>
  );
}

function useWindow(minutes: number, live: boolean): EsmWindow {
  const [end, setEnd] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    setEnd(Date.now());
    const timer = setInterval(() => setEnd(Date.now()), REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, minutes]);
  return { start: end - minutes * 60_000, end };
}

function Dashboard({ token, onRefused }: { token: string; onRefused(): void }) {
  const [minutes, setMinutes] = useState<number>(30);
  const [live, setLive] = useState(true);
  const window = useWindow(minutes, live);
  const decisions = useEsmReport(token, MINUTE_PATH, window, { metrics: 'authz-attempts,authz-successful,authz-rejected,authz-failed', event: 'authz' });
  const reasons = useEsmReport(token, 'reason', window, { metrics: 'authz-attempts', event: 'authz' });
  const latency = useEsmReport(token, 'mvpd', window, { metrics: 'authz-attempts,authz-latency-p50,authz-latency-p95', event: 'authz' });
  const authn = useEsmReport(token, MINUTE_PATH, window, { metrics: 'authn-attempts,authn-successful', event: 'authn' });
  const refused = [decisions, reasons, latency, authn].some((q) => q.error instanceof ApiError && q.error.body.status === 401);
  useEffect(() => {
    if (refused) onRefused();
  }, [refused, onRefused]);
  const failed = [decisions, reasons, latency, authn].find((q) => q.error)?.error;

  const decisionSeries = minuteSeries(decisions.data ?? [], window, DECISION_SERIES.map((s) => s.metric));
  const authnSeries = minuteSeries(authn.data ?? [], window, AUTHN_SERIES.map((s) => s.metric));
  const top = topReasons(reasons.data ?? []);
  const mvpds = latencyRows(latency.data ?? []);
  const loaded = [decisions, reasons, latency, authn].every((q) => q.data !== undefined && !q.isPlaceholderData);

  return (
    <>
      <section className="dashboard-controls" aria-label="Time window">
        <label>
          Window{' '}
          <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
            {WINDOWS.map((m) => (
              <option key={m} value={m}>
                last {m} minutes
              </option>
            ))}
          </select>
        </label>
        <button type="button" aria-pressed={!live} onClick={() => setLive((l) => !l)}>
          {live ? 'Pause live updates' : 'Resume live updates'}
        </button>
        <p className="hint" data-testid="dashboard-window" data-start={window.start} data-end={window.end} data-loaded={loaded ? 'yes' : 'no'} aria-live="polite">
          {new Date(window.start).toLocaleTimeString()} – {new Date(window.end).toLocaleTimeString()} {live ? `(live, every ${REFRESH_MS / 1000} s)` : '(paused)'}
        </p>
        {failed ? (
          <p role="alert" className="error">
            The monitoring API did not answer: {failed instanceof ApiError ? failed.body.code : failed.message}
          </p>
        ) : null}
      </section>
      <div className="dashboard-grid">
        <section className="panel" aria-labelledby="decisions-title">
          <h2 id="decisions-title">Decisions per minute</h2>
          <MinuteChart series={decisionSeries} specs={DECISION_SERIES} label="Authorization decisions per minute by result" />
          <Totals caption="Decisions in the window" specs={DECISION_SERIES} totals={decisionSeries.totals} testId="decision-totals" />
        </section>
        <section className="panel" aria-labelledby="authn-title">
          <h2 id="authn-title">Authentications started vs completed</h2>
          <MinuteChart series={authnSeries} specs={AUTHN_SERIES} label="Authentications started and completed per minute" />
          <Totals caption="Authentications in the window" specs={AUTHN_SERIES} totals={authnSeries.totals} testId="authn-totals" />
        </section>
        <section className="panel" aria-labelledby="reasons-title">
          <h2 id="reasons-title">Top deny reasons</h2>
          {top.length === 0 ? (
            <p>No Deny in the window.</p>
          ) : (
            <table data-testid="deny-reasons">
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col">Denies</th>
                </tr>
              </thead>
              <tbody>
                {top.map((r) => (
                  <tr key={r.reason}>
                    <th scope="row">
                      <code>{r.reason}</code>
                    </th>
                    <td>
                      <meter min={0} max={top[0]!.count} value={r.count} aria-hidden="true" /> <span data-value>{r.count}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="panel" aria-labelledby="latency-title">
          <h2 id="latency-title">MVPD latency</h2>
          {mvpds.length === 0 ? (
            <p>No MVPD was asked in the window.</p>
          ) : (
            <table data-testid="mvpd-latency">
              <thead>
                <tr>
                  <th scope="col">MVPD</th>
                  <th scope="col">p50 (ms)</th>
                  <th scope="col">p95 (ms)</th>
                  <th scope="col">Decisions</th>
                </tr>
              </thead>
              <tbody>
                {mvpds.map((m) => (
                  <tr key={m.mvpd}>
                    <th scope="row">{m.mvpd}</th>
                    <td>{m.p50 ?? '—'}</td>
                    <td>
                      <meter min={0} max={5000} low={250} high={1000} optimum={50} value={m.p95 ?? 0} aria-hidden="true" /> {m.p95 ?? '—'}
                    </td>
                    <td>{m.attempts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="hint">Percentiles are estimated from latency bands (5 ms … 5 s) kept with every roll-up.</p>
        </section>
        <section className="panel" aria-labelledby="streams-title">
          <h2 id="streams-title">Active streams</h2>
          <p>Stream limits (concurrency monitoring) are not part of this deployment, so there is no active-stream count to show.</p>
        </section>
      </div>
    </>
  );
}

function Totals({ caption, specs, totals, testId }: { caption: string; specs: SeriesSpec[]; totals: Record<string, number>; testId: string }) {
  return (
    <table className="totals" data-testid={testId}>
      <caption>{caption}</caption>
      <tbody>
        {specs.map((s) => (
          <tr key={s.metric} data-metric={s.metric}>
            <th scope="row">{s.label}</th>
            <td data-value>{totals[s.metric] ?? 0}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
