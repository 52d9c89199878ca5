// A restart keeps everything a viewer or an app holds: build a system on a data dir,
// register, sign in with an MVPD (and at the IdP), close it, build a new one on the same
// dir — the client token, credentials, profile, SSO sharing and media token still work.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeResource,
  idpSignIn,
  mvpdLogin,
  passHeaders,
  registerClient,
  startTestSystem,
  testConfigIn,
  tokenFor,
  type TestSystem,
} from './test-support/test-system.ts';

const DEVICE = 'device-restart-001';
let dataDir: string;
let second: TestSystem | undefined;

/** What the first run leaves in the hands of the app and the viewer. */
const held = {} as {
  creds: { client_id: string; client_secret: string };
  accessToken: string;
  code: string;
  mediaToken: string;
  aliceToken: string;
  jwksKids: string[];
  softwareStatement: string;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'playgate-restart-'));
  const first = await startTestSystem(testConfigIn(dataDir));
  try {
    held.creds = await registerClient(first);
    held.accessToken = await tokenFor(first, held.creds);
    const headers = passHeaders(held.accessToken, DEVICE);
    const { session } = await mvpdLogin(first, headers, 'Skyline', 'sky-basic');
    held.code = session.code;
    const { decision } = await authorizeResource(first, headers, 'Skyline', 'news-24');
    held.mediaToken = decision.token.serializedToken;
    // An SSO viewer with a profile on another device.
    held.aliceToken = (await idpSignIn(first, 'alice')).accessToken;
    await mvpdLogin(first, passHeaders(held.accessToken, 'device-alice-restart-1', held.aliceToken), 'MetroFiber', 'metro-all');
    held.jwksKids = first.ctx.tokens.publicJwks.keys.map((k) => k.kid!);
    held.softwareStatement = first.softwareStatement;
  } finally {
    // close, not dispose: the data directory must survive.
    await first.close();
  }
  second = await startTestSystem(testConfigIn(dataDir));
});
afterAll(async () => {
  await second?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('after a restart on the same data directory', () => {
  it('keeps the signing keys (same JWKS)', () => {
    expect(second!.ctx.tokens.publicJwks.keys.map((k) => k.kid)).toEqual(held.jwksKids);
  });

  it('still accepts the client access token issued before the restart', async () => {
    const res = await second!.app.inject({ url: '/api/v2/PLAYGATE/configuration', headers: { authorization: `Bearer ${held.accessToken}` } });
    expect(res.statusCode).toBe(200);
  });

  it('still knows the registered client: its credentials buy a new token', async () => {
    const token = await tokenFor(second!, held.creds);
    expect((await second!.ctx.tokens.verify('clientAccess', token)).client_id).toBe(held.creds.client_id);
  });

  it('still accepts the software statement an app shipped with', async () => {
    const res = await second!.app.inject({ method: 'POST', url: '/o/client/register', payload: { software_statement: held.softwareStatement } });
    expect(res.statusCode).toBe(201);
  });

  it("still has the device's profile", async () => {
    const res = await second!.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(held.accessToken, DEVICE) });
    expect(res.statusCode).toBe(200);
    expect(res.json().profiles.Skyline).toMatchObject({ type: 'regular', issuer: 'Skyline' });
    expect(res.json().profiles.Skyline.attributes.upstreamUserID.value).toBe('skyline-sky-basic');
  });

  it('still finds the profile by its authentication code', async () => {
    const res = await second!.app.inject({ url: `/api/v2/PLAYGATE/profiles/code/${held.code}`, headers: passHeaders(held.accessToken, DEVICE) });
    expect(Object.keys(res.json().profiles)).toEqual(['Skyline']);
  });

  it('authorizes with the saved profile (no new MVPD login)', async () => {
    const { decision } = await authorizeResource(second!, passHeaders(held.accessToken, DEVICE), 'Skyline', 'news-24');
    expect(decision).toMatchObject({ authorized: true, resource: 'news-24' });
  });

  it('a session for the same MVPD says authorize/direct', async () => {
    const res = await second!.app.inject({
      method: 'POST',
      url: '/api/v2/PLAYGATE/sessions',
      headers: { ...passHeaders(held.accessToken, DEVICE), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'mvpd=Skyline&domainName=localhost&redirectUrl=http%3A%2F%2Flocalhost%3A8080%2Fmvpd-done',
    });
    expect(res.json()).toMatchObject({ actionName: 'authorize', actionType: 'direct' });
  });

  it('plays with the media token issued before the restart', async () => {
    const res = await second!.app.inject({ url: `/media/news-24/master.m3u8?token=${held.mediaToken}&device=${DEVICE}` });
    expect(res.statusCode).toBe(200);
  });

  it("shares the SSO viewer's profile on a new device with the IdP token from before the restart (IdP keys kept)", async () => {
    const res = await second!.app.inject({ url: '/api/v2/PLAYGATE/profiles', headers: passHeaders(held.accessToken, 'device-alice-restart-2', held.aliceToken) });
    expect(res.json().profiles.MetroFiber).toMatchObject({ type: 'serviceTokenSSO' });
  });

  it('lets a viewer sign in again at the IdP and the MVPD (providers work on the reopened databases)', async () => {
    const headers = passHeaders(held.accessToken, 'device-restart-002');
    const { session, landedOn } = await mvpdLogin(second!, headers, 'Harbor', 'harbor-basic');
    expect(landedOn).toBe(`${second!.config.app.publicUrl}/mvpd-done`);
    const byCode = await second!.app.inject({ url: `/api/v2/PLAYGATE/profiles/code/${session.code}`, headers });
    expect(Object.keys(byCode.json().profiles)).toEqual(['Harbor']);
    await expect(idpSignIn(second!, 'bob')).resolves.toMatchObject({ accessToken: expect.any(String) });
  });
});
