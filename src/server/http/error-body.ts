// Builds the enhanced error body {action, status, code, message, details?, helpUrl, trace}.
import { ERROR_CODES, helpPath, type ErrorCode } from '../../shared/error-codes.ts';
import type { ErrorBody } from '../../shared/api/error-body.ts';

export function errorBody(code: ErrorCode, trace: string, opts: { details?: string | undefined; status?: number } = {}): ErrorBody {
  const info = ERROR_CODES[code];
  return {
    action: info.action,
    status: opts.status ?? info.status,
    code,
    message: info.message,
    ...(opts.details ? { details: opts.details } : {}),
    helpUrl: helpPath(code),
    trace,
  };
}
