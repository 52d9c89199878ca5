// Partner single sign-on (sessions/sso/{partner}, profiles/sso/{partner}) with the simulated
// Apple-style framework: the framework status header's rules and their enhanced error codes,
// the three fallbacks, the signed response bound to the request, device and MVPD, the
// `appleSSO` profile and a decision made with it. Every response is checked against Adobe's OpenAPI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, SignJWT } from 'jose';
import { encodeFrameworkStatus } from '../partner-sso/framework-status.ts';
import { authorizeResource, clientToken, expectErrorBody, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const HOUR = 3600_000;

const status = (accessStatus: string, id?: string, expirationDate = String(Date.now() + HOUR)) =>
  encodeFrameworkStatus({ frameworkPermissionInfo: { accessStatus }, frameworkProviderInfo: id === undefined ? {} : { id, expirationDate } });

let sys: TestSystem;
let token: string;
let redirectUrl: string;
beforeAll(async () => {
  sys = await startTestSystem(
    testConfig((raw) => {
      raw.partnerSso.partners.push({ name: 'Roku', enabled: false, signer: 'simulated', mvpds: { Skyline: 'Skyline' } });
    }),
  );
  token = await clientToken(sys);
  redirectUrl = `${sys.config.app.publicUrl}/mvpd-done`;
});
afterAll(() => sys.dispose());

const headersFor = (device: string, pfs?: string) => ({ ...passHeaders(token, device), ...FORM, ...(pfs === undefined ? {} : { 'ap-partner-framework-status': pfs }) });
const partnerSession = (device: string, pfs: string | undefined, fields: Record<string, string> = { domainName: 'localhost', redirectUrl }, partner = 'Apple') =>
  sys.app.inject({ method: 'POST', url: `/api/v2/PLAYGATE/sessions/sso/${partner}`, headers: headersFor(device, pfs), payload: form(fields) });
const partnerProfile = (device: string, pfs: string | undefined, samlResponse: string, partner = 'Apple') =>
  sys.app.inject({ method: 'POST', url: `/api/v2/PLAYGATE/profiles/sso/${partner}`, headers: headersFor(device, pfs), payload: form({ SAMLResponse: samlResponse }) });
const simulatorSignIn = (authenticationRequest: string, username = 'sky-sports', password = 'playgate') =>
  sys.app.inject({ method: 'POST', url: '/partner-simulator/Apple/sign-in', payload: { authenticationRequest, username, password } });

/** sessions/sso → simulator sign-in: what the app holds before profiles/sso. */
async function signedInAtFramework(device: string, mappingId = 'Skyline', username = 'sky-sports') {
  const session = await partnerSession(device, status('granted', mappingId));
  expect(session.statusCode).toBe(200);
  const request = session.json().authenticationRequest.request as string;
  const signIn = await simulatorSignIn(request, username);
  expect(signIn.statusCode).toBe(200);
  return signIn.json() as { SAMLResponse: string; frameworkStatus: string };
}

describe('POST sessions/sso/{partner}', () => {
  it('answers partner_profile/direct with an authenticationRequest when the framework status is valid', async () => {
    const res = await partnerSession('device-partner-01', status('granted', 'Skyline'));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      actionName: 'partner_profile',
      actionType: 'direct',
      reasonType: 'none',
      url: '/api/v2/PLAYGATE/profiles/sso/Apple',
      mvpd: 'Skyline',
      serviceProvider: 'PLAYGATE',
      authenticationRequest: { type: 'saml', attributesNames: expect.arrayContaining(['userID', 'householdID', 'zip']) },
    });
    expect(body.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.code).toBeUndefined();
  });

  it('maps the partner mapping id to the MVPD (metro_fiber → MetroFiber)', async () => {
    const res = await partnerSession('device-partner-02', status('granted', 'metro_fiber'));
    expect(res.json()).toMatchObject({ actionName: 'partner_profile', mvpd: 'MetroFiber' });
  });

  it.each([
    ['no header', undefined],
    ['not Base64 JSON', 'not*base64'],
    ['access denied', status('denied', 'Skyline')],
    ['access notDetermined', status('notDetermined', 'Skyline')],
    ['no provider signed in', status('granted')],
    ['expired provider sign-in', status('granted', 'Skyline', String(Date.now() - 1000))],
    ['a provider this partner may not sign in (Northwind)', status('granted', 'Northwind')],
  ])('falls back to the basic flow with pfs_fallback: %s', async (_name, pfs) => {
    const res = await partnerSession(`device-partner-fb-${_name.length}`, pfs);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.reasonType).toBe('pfs_fallback');
    expect(body.code).toMatch(/^[A-Z0-9]{7}$/);
    // No MVPD known: the basic session asks for it (resume).
    expect(body).toMatchObject({ actionName: 'resume', missingParameters: ['mvpd'] });
    expect(body.authenticationRequest).toBeUndefined();
  });

  it('falls back with configuration_fallback when the partner is configured off, keeping the MVPD (authenticate)', async () => {
    const res = await partnerSession('device-partner-03', status('granted', 'Skyline'), undefined, 'Roku');
    expect(res.json()).toMatchObject({ actionName: 'authenticate', actionType: 'interactive', reasonType: 'configuration_fallback', mvpd: 'Skyline' });
    expect(res.json().url).toMatch(/^\/api\/v2\/authenticate\/PLAYGATE\/[A-Z0-9]{7}$/);
  });

  it('falls back with missing_parameters_fallback when redirectUrl is missing', async () => {
    const res = await partnerSession('device-partner-04', status('granted', 'Skyline'), { domainName: 'localhost' });
    expect(res.json()).toMatchObject({ actionName: 'resume', reasonType: 'missing_parameters_fallback', missingParameters: ['redirectUrl'], mvpd: 'Skyline' });
  });

  it('refuses an unknown partner, a foreign redirectUrl and a missing device in the error format', async () => {
    expectErrorBody(await partnerSession('device-partner-05', status('granted', 'Skyline'), undefined, 'Nokia'), { status: 400, code: 'invalid_parameter_partner' });
    expectErrorBody(await partnerSession('device-partner-05', status('granted', 'Skyline'), { domainName: 'localhost', redirectUrl: 'https://evil.example/x' }), {
      status: 400,
      code: 'invalid_parameter_redirect_url',
    });
    const noDevice = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/sessions/sso/Apple', headers: { authorization: `Bearer ${token}`, ...FORM }, payload: form({ domainName: 'localhost', redirectUrl }) });
    expectErrorBody(noDevice, { status: 400, code: 'invalid_header_device_identifier' });
    const noToken = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/sessions/sso/Apple', headers: { ...FORM }, payload: form({ domainName: 'localhost', redirectUrl }) });
    expect(noToken.statusCode).toBe(401);
  });
});

describe('POST profiles/sso/{partner}', () => {
  it('creates an appleSSO profile from the signed response; the next session authorizes directly and a decision Permits', async () => {
    const device = 'device-partner-10';
    const { SAMLResponse, frameworkStatus } = await signedInAtFramework(device);
    const res = await partnerProfile(device, frameworkStatus, SAMLResponse);
    expect(res.statusCode).toBe(200);
    const profile = res.json().profiles.Skyline;
    expect(profile).toMatchObject({ issuer: 'Apple', type: 'appleSSO' });
    expect(profile.attributes.userID.value).toMatch(/^[0-9a-f]{32}$/);
    expect(profile.attributes.householdID.value).toBeTruthy();
    expect(profile.notAfter).toBeGreaterThan(Date.now());

    const listed = await sys.app.inject({ url: '/api/v2/PLAYGATE/profiles/Skyline', headers: passHeaders(token, device) });
    expect(listed.json().profiles.Skyline).toMatchObject({ issuer: 'Apple', type: 'appleSSO' });

    const again = await partnerSession(device, frameworkStatus);
    expect(again.json()).toMatchObject({ actionName: 'authorize', actionType: 'direct', reasonType: 'authenticatedSSO', mvpd: 'Skyline', url: '/api/v2/PLAYGATE/decisions/authorize/Skyline' });

    // sky-sports has the sports package at the MVPD simulator: the partner profile decides like any other.
    const { decision } = await authorizeResource(sys, passHeaders(token, device), 'Skyline', 'sports-one');
    expect(decision.authorized).toBe(true);
    // Another device has no profile from this sign-in.
    const other = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/decisions/authorize/Skyline', headers: passHeaders(token, 'device-partner-11'), payload: { resources: ['sports-one'] } });
    expectErrorBody(other, { status: 403, code: 'authenticated_profile_missing' });
  });

  it('ends the profile when the framework sign-in ends (notAfter ≤ expirationDate)', async () => {
    const device = 'device-partner-12';
    const { SAMLResponse } = await signedInAtFramework(device);
    const soon = Date.now() + 120_000;
    const res = await partnerProfile(device, status('granted', 'Skyline', String(soon)), SAMLResponse);
    expect(res.json().profiles.Skyline.notAfter).toBe(soon);
  });

  it.each([
    ['no header', undefined, 'invalid_header_pfs_permission_access_not_present'],
    ['garbage', 'e30=', 'invalid_header_pfs_permission_access_not_present'],
    ['notDetermined', status('notDetermined', 'Skyline'), 'invalid_header_pfs_permission_access_not_determined'],
    ['denied', status('denied', 'Skyline'), 'invalid_header_pfs_permission_access_not_granted'],
    ['restricted', status('restricted', 'Skyline'), 'invalid_header_pfs_permission_access_not_granted'],
    ['no provider id', status('granted'), 'invalid_header_pfs_provider_id_not_determined'],
    ['unknown provider id', status('granted', 'Northwind'), 'invalid_header_pfs_provider_id_not_determined'],
    ['expired', status('granted', 'Skyline', String(Date.now() - 1)), 'invalid_header_pfs_provider_info_expired'],
    ['another provider than the response', status('granted', 'metro_fiber'), 'invalid_header_pfs_provider_id_mismatch'],
  ] as const)('refuses a framework status with %s', async (_name, pfs, code) => {
    const device = `device-partner-pfs-${_name.replace(/\W/g, '')}`;
    const { SAMLResponse } = await signedInAtFramework(device);
    expectErrorBody(await partnerProfile(device, pfs, SAMLResponse), { status: 400, code });
  });

  it('uses a response once: the same SAMLResponse again is refused', async () => {
    const device = 'device-partner-13';
    const { SAMLResponse, frameworkStatus } = await signedInAtFramework(device);
    expect((await partnerProfile(device, frameworkStatus, SAMLResponse)).statusCode).toBe(200);
    const again = expectErrorBody(await partnerProfile(device, frameworkStatus, SAMLResponse), { status: 400, code: 'invalid_parameter_saml_response' });
    expect(again.details).toMatch(/already used/);
  });

  it('refuses a response replayed from another device, a forged one and garbage (invalid_parameter_saml_response)', async () => {
    const { SAMLResponse, frameworkStatus } = await signedInAtFramework('device-partner-20');
    expectErrorBody(await partnerProfile('device-partner-21', frameworkStatus, SAMLResponse), { status: 400, code: 'invalid_parameter_saml_response' });

    // Same claims, signed by a key that is not the partner's.
    const { privateKey } = await generateKeyPair('ES256');
    const jws = Buffer.from(SAMLResponse, 'base64').toString('utf8');
    const claims = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'));
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'partner-assertion+jwt' }).sign(privateKey);
    expectErrorBody(await partnerProfile('device-partner-20', frameworkStatus, Buffer.from(forged).toString('base64')), { status: 400, code: 'invalid_parameter_saml_response' });

    expectErrorBody(await partnerProfile('device-partner-20', frameworkStatus, 'PHNhbWxwOlJlc3BvbnNlIC8+'), { status: 400, code: 'invalid_parameter_saml_response' });
    const missing = await sys.app.inject({ method: 'POST', url: '/api/v2/PLAYGATE/profiles/sso/Apple', headers: headersFor('device-partner-20', frameworkStatus), payload: form({}) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it('answers the basic profiles when the partner is configured off', async () => {
    const res = await partnerProfile('device-partner-30', status('granted', 'Skyline'), 'eA==', 'Roku');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ profiles: {} });
  });
});

describe('the partner framework simulator', () => {
  it('refuses wrong credentials and a request it did not get from Playgate', async () => {
    const session = await partnerSession('device-partner-40', status('granted', 'Skyline'));
    const request = session.json().authenticationRequest.request as string;
    expectErrorBody(await simulatorSignIn(request, 'sky-sports', 'wrong'), { status: 400, code: 'mvpd_login_failed' });
    // A subscriber of another MVPD cannot sign in for Skyline.
    expectErrorBody(await simulatorSignIn(request, 'metro-all'), { status: 400, code: 'mvpd_login_failed' });
    expectErrorBody(await simulatorSignIn(Buffer.from('a.b.c').toString('base64')), { status: 400, code: 'invalid_request' });
  });
});
