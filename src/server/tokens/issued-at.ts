// Refuses a token whose `iat` lies in the future beyond the clock tolerance. jose checks
// `iat` only when `maxTokenAge` is set, so every verifier calls this after jwtVerify:
// a token "issued" ten minutes from now was minted by a wrong clock or to outlive its exp.
import type { JWTPayload } from 'jose';
import { CLOCK_TOLERANCE_S } from './token-kinds.ts';
import { TokenRejected } from './token-service.ts';

export function refuseFutureIat(payload: JWTPayload, nowMs: number = Date.now()): void {
  if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) throw new TokenRejected('claims', 'claim "iat" missing or not a number', 'iat');
  if (payload.iat > nowMs / 1000 + CLOCK_TOLERANCE_S) throw new TokenRejected('claims', 'claim "iat" is in the future', 'iat');
}
