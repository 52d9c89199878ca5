// The one table of error codes Playgate answers with: Adobe Pass enhanced error codes
// (same code, HTTP status and action) plus a few of our own. Server and client both read it.

export type ErrorAction =
  | 'none'
  | 'configuration'
  | 'application-registration'
  | 'authentication'
  | 'authorization'
  | 'degradation'
  | 'retry'
  | 'retry-after';

interface ErrorCodeInfo {
  status: number;
  action: ErrorAction;
  message: string;
}

export const ERROR_CODES = {
  invalid_request: { status: 400, action: 'none', message: 'The request is malformed.' },
  invalid_parameter_service_provider: { status: 400, action: 'none', message: 'The service provider is unknown.' },
  invalid_parameter_mvpd: { status: 400, action: 'none', message: 'The MVPD is unknown.' },
  invalid_parameter_code: { status: 400, action: 'none', message: 'The authentication code is missing or unknown.' },
  invalid_parameter_redirect_url: { status: 400, action: 'none', message: 'The redirect URL does not belong to a registered domain of the service provider.' },
  invalid_parameter_resources: { status: 400, action: 'none', message: 'The resources parameter is missing or malformed.' },
  invalid_header_device_identifier: { status: 400, action: 'none', message: 'The AP-Device-Identifier header is missing or malformed.' },
  invalid_header_device_info: { status: 400, action: 'none', message: 'The X-Device-Info header is malformed.' },
  invalid_parameter_partner: { status: 400, action: 'none', message: 'The partner parameter value is missing or invalid.' },
  invalid_parameter_saml_response: { status: 400, action: 'none', message: 'The SAML response parameter value is missing or invalid.' },
  invalid_header_pfs_permission_access_not_present: { status: 400, action: 'none', message: 'The permission access status value from the partner framework status header is not present.' },
  invalid_header_pfs_permission_access_not_determined: { status: 400, action: 'none', message: 'The permission access status value from the partner framework status header is not determined.' },
  invalid_header_pfs_permission_access_not_granted: { status: 400, action: 'none', message: 'The permission access status value from the partner framework status header is not granted.' },
  invalid_header_pfs_provider_id_not_determined: { status: 400, action: 'none', message: 'The provider id value from the partner framework status header is not associated with a known MVPD.' },
  invalid_header_pfs_provider_id_mismatch: { status: 400, action: 'none', message: 'The provider id value from the partner framework status header does not match the MVPD of the partner authentication response.' },
  invalid_header_pfs_provider_info_expired: { status: 400, action: 'none', message: 'The provider information from the partner framework status header has expired.' },
  invalid_integration: { status: 400, action: 'configuration', message: 'There is no active integration between the service provider and the MVPD.' },
  invalid_authentication_session: { status: 400, action: 'authentication', message: 'The authentication session is expired, already used or unknown.' },
  too_many_resources: { status: 400, action: 'none', message: 'Too many resources in one request.' },
  invalid_software_statement: { status: 400, action: 'application-registration', message: 'The software statement is missing, invalid or expired.' },
  invalid_client_credentials: { status: 401, action: 'application-registration', message: 'The client credentials are invalid.' },
  unsupported_grant_type: { status: 400, action: 'application-registration', message: 'Only the client_credentials grant is supported.' },
  invalid_access_token_client_application: { status: 401, action: 'application-registration', message: 'The access token is missing, invalid or expired.' },
  invalid_access_token_service_provider: { status: 401, action: 'application-registration', message: 'The access token was not issued for this service provider.' },
  authenticated_profile_missing: { status: 403, action: 'authentication', message: 'No authenticated profile was found for this device and MVPD.' },
  authenticated_profile_expired: { status: 403, action: 'authentication', message: 'The authenticated profile has expired.' },
  authorization_denied_by_mvpd: { status: 403, action: 'none', message: 'Your TV provider does not include this title in your package.' },
  authorization_denied_by_parental_controls: { status: 403, action: 'none', message: 'Parental controls on your TV provider account block this title.' },
  network_connection_timeout: { status: 403, action: 'retry', message: 'Your TV provider did not answer in time. Please retry.' },
  network_received_error: { status: 403, action: 'retry', message: 'Your TV provider answered with an error. Please retry.' },
  authorization_denied_by_degradation_rule: { status: 403, action: 'none', message: 'The integration has a degradation rule applied that denies authorization for the requested resources.' },
  temporary_access_duration_limit_exceeded: { status: 403, action: 'authentication', message: 'The temporary access duration limit has been exceeded.' },
  temporary_access_resources_limit_exceeded: { status: 403, action: 'authentication', message: 'The temporary access resources limit has been exceeded.' },
  invalid_header_identity_for_temporary_access: { status: 400, action: 'none', message: 'The identity for temporary access header value is missing or invalid.' },
  mvpd_login_failed: { status: 400, action: 'authentication', message: 'The sign-in with the TV provider did not complete.' },
  no_entitlement: { status: 403, action: 'none', message: 'You have no entitlement to this title.' },
  // Playback API (StreamAMG-style) reasons.
  NOT_AUTHENTICATED: { status: 401, action: 'authentication', message: 'Sign in to watch this title.' },
  TOKEN_ERROR: { status: 401, action: 'authentication', message: 'The token is invalid or expired.' },
  NO_ENTITLEMENT: { status: 403, action: 'none', message: 'You have no entitlement to this title.' },
  NO_ENTITY_EXIST: { status: 404, action: 'none', message: 'No such entry.' },
  media_token_replayed: { status: 403, action: 'authorization', message: 'This media token was already used. Ask for a new decision.' },
  range_not_satisfiable: { status: 416, action: 'none', message: 'The requested byte range is not satisfiable.' },
  unauthorized: { status: 401, action: 'none', message: 'Authentication required.' },
  // Publisher SSO (Cleeng-style).
  invalid_publisher_token: { status: 401, action: 'configuration', message: 'The publisher token is missing or wrong.' },
  unknown_customer: { status: 404, action: 'none', message: 'No customer matches this email or external id for this publisher.' },
  invalid_refresh_token: { status: 401, action: 'authentication', message: 'The refresh token is unknown, expired or revoked. Sign in again.' },
  refresh_token_reused: { status: 401, action: 'authentication', message: 'This refresh token was already used; its whole family is now revoked. Sign in again.' },
  media_token_missing: { status: 401, action: 'authorization', message: 'A media token is required.' },
  media_token_invalid: { status: 403, action: 'authorization', message: 'The media token is invalid, expired or not valid for this resource.' },
  // Concurrency Monitoring (/cm/v2).
  cm_unknown_application: { status: 401, action: 'configuration', message: 'The Concurrency Monitoring application id is missing or unknown.' },
  already_exists: { status: 409, action: 'none', message: 'It exists already.' },
  not_found: { status: 404, action: 'none', message: 'No such resource.' },
  not_acceptable: { status: 406, action: 'none', message: 'The requested response format is not served here.' },
  method_not_allowed: { status: 405, action: 'none', message: 'The HTTP method is not allowed for this resource.' },
  payload_too_large: { status: 413, action: 'none', message: 'The request is too large.' },
  unsupported_media_type: { status: 415, action: 'none', message: 'The request content type is not supported.' },
  request_timeout: { status: 408, action: 'retry', message: 'The request took too long to arrive.' },
  headers_too_large: { status: 431, action: 'none', message: 'The request headers are too large.' },
  too_many_requests: { status: 429, action: 'retry-after', message: 'Too many requests. Slow down and retry.' },
  // QA admin API (src/server/qa/).
  qa_api_disabled: { status: 403, action: 'configuration', message: 'The QA admin API is off in production mode (NODE_ENV=production).' },
  mvpd_simulator_unreachable: { status: 502, action: 'retry', message: 'The MVPD simulator did not answer. Is it running?' },
  internal_error: { status: 500, action: 'retry', message: 'Something went wrong on our side.' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** Where our error documentation lives, relative to the app origin. */
export const helpPath = (code: ErrorCode) => `/docs/errors#${code}`;
