// One call of Playgate's admin API (/admin/*) from the test console, with the admin token
// typed into it; a refusal is a QaApiError with the error body (branch on `body.code`).
import type { ErrorBody } from '../../../shared/api/error-body.ts';
import { QaApiError } from '../../../shared/qa/qa-client.ts';

export async function adminRequest<T>(adminToken: string, method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = json as ErrorBody | null;
    throw new QaApiError(err && typeof err.code === 'string' ? err : { action: 'none', status: res.status, code: 'http_error', message: `HTTP ${res.status}`, helpUrl: '', trace: '' });
  }
  return json as T;
}
