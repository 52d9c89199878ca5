// One instance's life as the load balancer sees it: `draining` turns /readyz to 503 so the
// balancer's health check takes the instance out of rotation, while it keeps answering every
// request (in flight and new) for the drain period; then the server closes, waiting for what
// is still in flight. Responses during the drain carry `connection: close`, so keep-alive
// connections move to another instance instead of lingering.
export class Lifecycle {
  draining = false;
  /** Requests being served right now (for the log line at close). */
  inFlight = 0;
}

export interface DrainOptions {
  /** How long to keep serving after /readyz turned 503 (ms). */
  drainMs: number;
  log: (msg: string, detail?: object) => void;
}

/** PLAYGATE_DRAIN_SECONDS (default: `fallbackMs` — 10 s for a cluster instance, 0 for the all-in-one dev process). */
export const drainMsFromEnv = (env: NodeJS.ProcessEnv, fallbackMs: number): number => {
  const raw = env.PLAYGATE_DRAIN_SECONDS;
  return raw !== undefined && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : fallbackMs;
};

/** Draining, then `close()` (which waits for in-flight requests). */
export async function drainThenClose(lifecycle: Lifecycle, close: () => Promise<void>, opts: DrainOptions): Promise<void> {
  lifecycle.draining = true;
  opts.log('draining: /readyz answers 503; still serving', { drainMs: opts.drainMs, inFlight: lifecycle.inFlight });
  await new Promise((r) => setTimeout(r, opts.drainMs));
  opts.log('drained: closing', { inFlight: lifecycle.inFlight });
  await close();
}
