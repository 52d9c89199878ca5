// Calls Playgate's Pass API with the headers it requires: the client access token
// (DCR, cached in localStorage and renewed when refused), the device identifier, and
// the viewer's SSO token as AD-Service-Token when signed in.
import type { AccessTokenResponse, ClientApplication } from '../../shared/api/dcr.ts';
import { formatDeviceIdentifier } from '../../shared/device-identifier.ts';
import { passPaths } from '../../shared/pass-paths.ts';
import { ApiError, isErrorBody } from './api-error.ts';
import { recordCall } from './call-log.ts';

const CLIENT_KEY = 'playgate.dcrClient';
const TOKEN_KEY = 'playgate.clientToken';

interface StoredToken {
  token: string;
  expiresAt: number;
}

export interface PassClientOptions {
  softwareStatement: string;
  redirectUri: string;
  deviceId: string;
  /** The SSO token to send as AD-Service-Token, read at call time. */
  serviceToken: () => string | null;
}

export class PassClient {
  private pendingToken: Promise<string> | null = null;
  constructor(private readonly opts: PassClientOptions) {}

  get deviceId() {
    return this.opts.deviceId;
  }

  async request<T>(method: 'GET' | 'POST', path: string, init: { form?: Record<string, string>; json?: unknown } = {}, retried = false): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.clientToken()}`,
      'ap-device-identifier': formatDeviceIdentifier(this.opts.deviceId),
      accept: 'application/json',
    };
    const sso = this.opts.serviceToken();
    if (sso) headers['ad-service-token'] = sso;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await recordCall('Playgate', method, path, () => fetch(path, { method, headers, ...(body ? { body } : {}) }));
    const payload: unknown = await res.json().catch(() => null);
    if (res.ok) return payload as T;
    if (isErrorBody(payload)) {
      // A client token the server no longer accepts (keys rotated, expired): get a new one once.
      if (!retried && payload.action === 'application-registration') {
        localStorage.removeItem(TOKEN_KEY);
        if (payload.code !== 'invalid_access_token_client_application') localStorage.removeItem(CLIENT_KEY);
        return this.request<T>(method, path, init, true);
      }
      throw new ApiError(payload);
    }
    throw new ApiError({ action: 'retry', status: res.status, code: 'internal_error', message: `Unexpected HTTP ${res.status}`, helpUrl: '', trace: res.headers.get('x-trace-id') ?? '' });
  }

  /** Registers once per browser (DCR), then reuses the access token until it expires. */
  clientToken(): Promise<string> {
    const cached = readJson<StoredToken>(TOKEN_KEY);
    if (cached && cached.expiresAt > Date.now() + 60_000) return Promise.resolve(cached.token);
    this.pendingToken ??= this.fetchClientToken().finally(() => (this.pendingToken = null));
    return this.pendingToken;
  }

  private async fetchClientToken(): Promise<string> {
    let client = readJson<ClientApplication>(CLIENT_KEY);
    if (!client) {
      const res = await recordCall('Playgate', 'POST', passPaths.register, () =>
        fetch(passPaths.register, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-device-info': btoa(JSON.stringify({ primaryHardwareType: 'Desktop', model: 'browser' })) },
          body: JSON.stringify({ software_statement: this.opts.softwareStatement, redirect_uri: this.opts.redirectUri }),
        }),
      );
      const body: unknown = await res.json();
      if (!res.ok) throw isErrorBody(body) ? new ApiError(body) : new Error('registration failed');
      client = body as ClientApplication;
      localStorage.setItem(CLIENT_KEY, JSON.stringify(client));
    }
    const res = await recordCall('Playgate', 'POST', passPaths.token, () =>
      fetch(passPaths.token, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret }).toString(),
      }),
    );
    const body: unknown = await res.json();
    if (!res.ok) {
      localStorage.removeItem(CLIENT_KEY);
      throw isErrorBody(body) ? new ApiError(body) : new Error('token failed');
    }
    const token = body as AccessTokenResponse;
    localStorage.setItem(TOKEN_KEY, JSON.stringify({ token: token.access_token, expiresAt: Date.now() + token.expires_in * 1000 } satisfies StoredToken));
    return token.access_token;
  }
}

function readJson<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}
