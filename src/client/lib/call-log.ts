// A small in-page log of the calls the app makes (party, method, path, status, time):
// the raw material of the journey view, and handy when a QA run fails.
export interface CallRecord {
  at: number;
  party: 'Playgate' | 'IdP' | 'MVPD' | 'Media';
  method: string;
  path: string;
  status: number;
  ms: number;
}

const MAX = 200;
const calls: CallRecord[] = [];
const listeners = new Set<() => void>();

export async function recordCall(party: CallRecord['party'], method: string, path: string, run: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  let status = 0;
  try {
    const res = await run();
    status = res.status;
    return res;
  } finally {
    calls.push({ at: Date.now(), party, method, path: path.split('?')[0]!, status, ms: Math.round(performance.now() - started) });
    if (calls.length > MAX) calls.shift();
    listeners.forEach((l) => l());
  }
}

export function callLog(): readonly CallRecord[] {
  return calls;
}

export function onCallLogChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
