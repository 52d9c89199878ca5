// The client's view of the enhanced error body. Code branches on `code`/`action` only.
import type { ErrorBody } from '../../shared/api/error-body.ts';

export class ApiError extends Error {
  readonly body: ErrorBody;
  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.body = body;
  }
  get code() {
    return this.body.code;
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'code' in value && 'action' in value && 'trace' in value;
}

/** Wraps anything thrown (network failures included) as an ErrorBody for display. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof ApiError) return err.body;
  return { action: 'retry', status: 0, code: 'network_error', message: 'Playgate could not be reached. Check your connection and retry.', helpUrl: '', trace: '' };
}
