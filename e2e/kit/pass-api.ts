// The Pass API over HTTP, as an app would call it, for checks that need no browser (the
// full matrix): DCR registration with the deployment's software statement, a client token,
// a TV provider sign-in walked through its redirects and login form, and decisions.
import { request, type APIRequestContext } from '@playwright/test';
import { formatDeviceIdentifier } from '../../src/shared/device-identifier.ts';
import type { Deployment } from './deployment.ts';

export interface Decision {
  authorized: boolean;
  error?: { code: string; action: string; details?: string };
}

export class PassApi {
  private constructor(
    private readonly d: Deployment,
    private readonly http: APIRequestContext,
    private readonly accessToken: string,
  ) {}

  static async connect(d: Deployment): Promise<PassApi> {
    const http = await request.newContext({ baseURL: d.baseUrl });
    const reg = await http.post('/o/client/register', { data: { software_statement: d.appConfig.softwareStatement } });
    if (reg.status() !== 201) throw new Error(`DCR register: ${reg.status()} ${await reg.text()}`);
    const { client_id, client_secret } = (await reg.json()) as { client_id: string; client_secret: string };
    const tok = await http.post(`/o/client/token?${new URLSearchParams({ grant_type: 'client_credentials', client_id, client_secret })}`);
    if (tok.status() !== 201) throw new Error(`client token: ${tok.status()} ${await tok.text()}`);
    return new PassApi(d, http, ((await tok.json()) as { access_token: string }).access_token);
  }

  private headers(deviceId: string): Record<string, string> {
    return { authorization: `Bearer ${this.accessToken}`, 'ap-device-identifier': formatDeviceIdentifier(deviceId) };
  }

  /**
   * Signs `subscriber` in with `mvpd` for `deviceId` as the popup would: session, then the
   * authentication URL's redirects to the MVPD's login form, the form, the redirects back.
   * Cookies live in a context of this sign-in alone.
   */
  async signInWithProvider(deviceId: string, mvpd: string, subscriber: string): Promise<void> {
    const sp = this.d.appConfig.serviceProvider;
    const created = await this.http.post(`/api/v2/${sp}/sessions`, {
      headers: this.headers(deviceId),
      form: { mvpd, domainName: new URL(this.d.baseUrl).hostname, redirectUrl: `${this.d.baseUrl}/mvpd-done` },
    });
    if (created.status() !== 200) throw new Error(`session for ${mvpd}: ${created.status()} ${await created.text()}`);
    const session = (await created.json()) as { url: string };
    const agent = await request.newContext();
    try {
      const login = await agent.get(new URL(session.url, this.d.baseUrl).href);
      const html = await login.text();
      const action = /action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error(`no login form at ${login.url()} (HTTP ${login.status()})`);
      if (this.d.mvpdOrigin && new URL(login.url()).origin !== this.d.mvpdOrigin) throw new Error(`the MVPD login is at ${login.url()}, not at ${this.d.mvpdOrigin}`);
      const done = await agent.post(new URL(action.replace(/&#47;/g, '/').replace(/&amp;/g, '&'), login.url()).href, { form: { username: subscriber, password: this.d.subscriberPassword } });
      if (!done.url().startsWith(`${this.d.baseUrl}/mvpd-done`)) throw new Error(`the sign-in of ${subscriber} ended at ${done.url()} (HTTP ${done.status()})`);
    } finally {
      await agent.dispose();
    }
  }

  async authorize(deviceId: string, mvpd: string, resource: string): Promise<Decision> {
    const res = await this.http.post(`/api/v2/${this.d.appConfig.serviceProvider}/decisions/authorize/${encodeURIComponent(mvpd)}`, {
      headers: this.headers(deviceId),
      data: { resources: [resource] },
    });
    const body = (await res.json()) as { decisions?: Decision[]; code?: string; action?: string };
    if (res.status() === 200 && body.decisions?.[0]) return body.decisions[0];
    // A request-level refusal (no profile, …) is a Deny too, with its code.
    return { authorized: false, error: { code: String(body.code), action: String(body.action) } };
  }

  dispose() {
    return this.http.dispose();
  }
}
