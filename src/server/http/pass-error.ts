// The one error type domain code throws. Its `code` is stable (src/shared/error-codes.ts);
// the error handler turns it into the enhanced error body.
import { ERROR_CODES, type ErrorCode } from '../../shared/error-codes.ts';

export class PassError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Safe to show callers; never a secret or a stack. */
  readonly details: string | undefined;
  constructor(code: ErrorCode, details?: string, options?: { status?: number; cause?: unknown }) {
    super(ERROR_CODES[code].message, { cause: options?.cause });
    this.name = 'PassError';
    this.code = code;
    this.status = options?.status ?? ERROR_CODES[code].status;
    this.details = details;
  }
}
