// Reads the AP-Partner-Framework-Status header: Base64 of a JSON element with the user's
// permission (frameworkPermissionInfo.accessStatus) and the provider sign-in state at the
// partner framework (frameworkProviderInfo: mapping id, expirationDate in epoch ms as a string).
// Rules, in order (the first that fails names the enhanced error code):
//   1. the header is present, at most 4 KiB, Base64 of a JSON object with an accessStatus → else permission_access_not_present
//   2. accessStatus is not notDetermined                                                  → else permission_access_not_determined
//   3. accessStatus is granted (denied, restricted and anything else are not)             → else permission_access_not_granted
//   4. frameworkProviderInfo.id is a non-empty string                                     → else provider_id_not_determined
//   5. expirationDate is epoch ms (digits) and in the future                              → else provider_info_expired
import type { ErrorCode } from '../../shared/error-codes.ts';

export const MAX_FRAMEWORK_STATUS_LENGTH = 4096;

export type FrameworkStatusFailure = Extract<
  ErrorCode,
  | 'invalid_header_pfs_permission_access_not_present'
  | 'invalid_header_pfs_permission_access_not_determined'
  | 'invalid_header_pfs_permission_access_not_granted'
  | 'invalid_header_pfs_provider_id_not_determined'
  | 'invalid_header_pfs_provider_info_expired'
>;

export type FrameworkStatus =
  | { ok: true; mappingId: string; expiresAt: number }
  | { ok: false; code: FrameworkStatusFailure; details: string };

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export function readFrameworkStatus(header: string | string[] | undefined, now = Date.now()): FrameworkStatus {
  const raw = Array.isArray(header) ? header[0] : header;
  const fail = (code: FrameworkStatusFailure, details: string): FrameworkStatus => ({ ok: false, code, details });
  if (!raw) return fail('invalid_header_pfs_permission_access_not_present', 'the AP-Partner-Framework-Status header is missing');
  const value = raw.trim();
  if (value.length > MAX_FRAMEWORK_STATUS_LENGTH || !BASE64.test(value)) return fail('invalid_header_pfs_permission_access_not_present', 'AP-Partner-Framework-Status is not Base64');
  let status: unknown;
  try {
    status = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    return fail('invalid_header_pfs_permission_access_not_present', 'AP-Partner-Framework-Status is not Base64-encoded JSON');
  }
  const permission = field(status, 'frameworkPermissionInfo');
  const access = field(permission, 'accessStatus');
  if (typeof access !== 'string') return fail('invalid_header_pfs_permission_access_not_present', 'frameworkPermissionInfo.accessStatus is missing');
  if (access === 'notDetermined') return fail('invalid_header_pfs_permission_access_not_determined', 'the user has not chosen whether to share the TV provider');
  if (access !== 'granted') return fail('invalid_header_pfs_permission_access_not_granted', `accessStatus is "${access.slice(0, 32)}"`);
  const provider = field(status, 'frameworkProviderInfo');
  const id = field(provider, 'id');
  if (typeof id !== 'string' || id.length === 0 || id.length > 128) return fail('invalid_header_pfs_provider_id_not_determined', 'frameworkProviderInfo.id is missing: no TV provider is signed in at the partner framework');
  const expiration = field(provider, 'expirationDate');
  const expiresAt = typeof expiration === 'string' && /^\d{1,16}$/.test(expiration) ? Number(expiration) : NaN;
  if (!Number.isFinite(expiresAt)) return fail('invalid_header_pfs_provider_info_expired', 'frameworkProviderInfo.expirationDate must be epoch milliseconds as a string');
  if (expiresAt <= now) return fail('invalid_header_pfs_provider_info_expired', 'the TV provider sign-in at the partner framework has expired');
  return { ok: true, mappingId: id, expiresAt };
}

/** The header value a partner framework's answer becomes (what the app sends; also the simulator's). */
export function encodeFrameworkStatus(status: {
  frameworkPermissionInfo: { accessStatus: string; error?: { code: string; message: string } };
  frameworkProviderInfo: { id?: string; expirationDate?: string; error?: { code: string; message: string } };
}): string {
  return Buffer.from(JSON.stringify(status), 'utf8').toString('base64');
}

function field(x: unknown, name: string): unknown {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>)[name] : undefined;
}
