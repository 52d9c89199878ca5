// One call of Playgate's admin API (/admin/*) from the test console, with the admin token
// typed into it; a refusal is a QaApiError with the error body (branch on `body.code`).
import { adminCall } from '../../../shared/qa/qa-client.ts';

export function adminRequest<T>(adminToken: string, method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return adminCall<T>((...args) => fetch(...args), adminToken, method, path, body);
}
