// A fetch that delivers requests for chosen origins straight to in-process Fastify apps
// (app.inject), and everything else to the network. Used when the three services run in
// one process for tests: the real apps answer, only the socket is skipped.
import type { FastifyInstance } from 'fastify';

export function inProcessFetch(routes: Record<string, FastifyInstance>, fallback: typeof fetch = fetch): typeof fetch {
  const byOrigin = new Map(Object.entries(routes).map(([url, app]) => [new URL(url).origin, app]));
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const app = byOrigin.get(url.origin);
    if (!app) return fallback(input, init);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : Buffer.from(await request.arrayBuffer());
    const injected = app.inject({
      method: request.method as 'GET',
      url: url.pathname + url.search,
      headers: { ...Object.fromEntries(request.headers), host: url.host },
      ...(body ? { payload: body } : {}),
    });
    const res = await raceSignal(injected, request.signal);
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, String(v));
    }
    const nullBody = [101, 204, 205, 304].includes(res.statusCode) || request.method === 'HEAD';
    return new Response(nullBody ? null : res.rawPayload, { status: res.statusCode, headers });
  }) as typeof fetch;
}

/** Honour the caller's AbortSignal (timeouts) as the network would. */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolvePromise, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolvePromise(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
