// Reads Playgate's ESM v3 compatible monitoring API (/esm/v3/…) with the admin token:
// the HAL body's `report` records, every value a string as ESM sends them.
import { ApiError, isErrorBody } from '../../lib/api-error.ts';

export type EsmRecord = Record<string, string>;

export interface EsmWindow {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
}

export async function fetchEsm(adminToken: string, path: string, window: EsmWindow, params: Record<string, string> = {}, signal?: AbortSignal): Promise<EsmRecord[]> {
  const q = new URLSearchParams({ start: String(window.start), end: String(window.end), ...params });
  const res = await fetch(`/esm/v3${path ? `/${path}` : ''}?${q}`, {
    headers: { authorization: `Bearer ${adminToken}`, accept: 'application/hal+json' },
    ...(signal ? { signal } : {}),
  });
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    if (isErrorBody(body)) throw new ApiError(body);
    throw new Error(`the monitoring API answered HTTP ${res.status}`);
  }
  return (body as { report?: EsmRecord[] } | null)?.report ?? [];
}
