// Whose pass it is: basic — the device (its hash); promotional — the AP-TempPass-Identity
// header (base64 of the viewer's identity, e.g. {"email": …}), kept only as a SHA-256.
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { deviceHash } from '../context/device-hash.ts';
import { PassError } from '../http/pass-error.ts';
import type { TempPassConfig } from './temp-pass-config.ts';

export function identityHash(identity: string): string {
  return createHash('sha256').update(identity).digest('hex');
}

/** The pass key for this request; a promotional pass without a usable identity is Adobe's 400. */
export function passKey(pass: TempPassConfig, deviceId: string, identityHeader: string | string[] | undefined): string {
  if (pass.kind === 'basic') return `device:${deviceHash(deviceId)}`;
  const raw = Array.isArray(identityHeader) ? identityHeader[0] : identityHeader;
  if (!raw || raw.length > 2048 || !/^[A-Za-z0-9+/]+=*$/.test(raw)) throw new PassError('invalid_header_identity_for_temporary_access', 'expected AP-TempPass-Identity: base64 of the user identity');
  const decoded = Buffer.from(raw, 'base64').toString('utf8').trim();
  if (decoded.length < 3) throw new PassError('invalid_header_identity_for_temporary_access', 'the identity is empty');
  return `identity:${identityHash(decoded)}`;
}

export function tempPassIdentity(request: FastifyRequest): string | string[] | undefined {
  return request.headers['ap-temppass-identity'];
}
