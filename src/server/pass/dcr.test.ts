// Dynamic Client Registration (/o/client/register, /o/client/token): which software
// statements buy credentials, which credentials buy a token, and the error bodies of
// every refusal (asserted on code/status/action and trace, never on message text).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { loadOrCreateKeySet } from '../tokens/key-store.ts';
import { TokenService } from '../tokens/token-service.ts';
import { expectErrorBody, registerClient, startTestSystem, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
let foreignDir: string;
let foreign: TokenService;

beforeAll(async () => {
  sys = await startTestSystem();
  // Another Playgate installation: same issuer URL, its own keys.
  foreignDir = mkdtempSync(join(tmpdir(), 'playgate-foreign-'));
  foreign = await TokenService.create(sys.config.app.publicUrl, await loadOrCreateKeySet(join(foreignDir, 'keys.json'), ['ES256']));
});
afterAll(async () => {
  await sys.dispose();
  rmSync(foreignDir, { recursive: true, force: true });
});

const register = (payload: unknown, headers: Record<string, string> = {}) =>
  sys.app.inject({ method: 'POST', url: '/o/client/register', headers, payload: payload as string });

const STATEMENT_ERROR = { status: 400, code: 'invalid_software_statement', action: 'application-registration' };
const CREDENTIALS_ERROR = { status: 401, code: 'invalid_client_credentials', action: 'application-registration' };

describe('POST /o/client/register', () => {
  it("registers with the app's software statement: 201 with client_id and secret", async () => {
    const res = await register({ software_statement: sys.softwareStatement, redirect_uri: 'http://localhost:8080/' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.client_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof body.client_secret).toBe('string');
    expect(body.client_secret.length).toBeGreaterThanOrEqual(32);
    expect(body).toMatchObject({ grant_types: ['client_credentials'], redirect_uris: ['http://localhost:8080/'] });
    expect(Math.abs(body.client_id_issued_at - Date.now())).toBeLessThan(60_000);
  });

  it('gives every registration its own credentials', async () => {
    const a = await registerClient(sys);
    const b = await registerClient(sys);
    expect(a.client_id).not.toBe(b.client_id);
    expect(a.client_secret).not.toBe(b.client_secret);
  });

  it('keeps only a hash of the secret in the database', async () => {
    const { client_id, client_secret } = await registerClient(sys);
    const row = await sys.ctx.db.selectFrom('clients').selectAll().where('client_id', '=', client_id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(client_secret);
  });

  it('accepts the statement as a form body too', async () => {
    const res = await register(new URLSearchParams({ software_statement: sys.softwareStatement }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(201);
  });

  describe('refuses a software statement that is not ours (400 invalid_software_statement)', () => {
    const cases: Array<[string, () => Promise<string> | string]> = [
      ['garbage', () => 'not-a-jwt'],
      ['three garbage segments', () => 'aaa.bbb.ccc'],
      [
        'a tampered payload (requestor swapped)',
        () => {
          const [header, payload, sig] = sys.softwareStatement.split('.') as [string, string, string];
          const claims = decodeJwt(sys.softwareStatement);
          const forged = Buffer.from(JSON.stringify({ ...claims, software_id: 'evil-app' })).toString('base64url');
          expect(forged).not.toBe(payload);
          return `${header}.${forged}.${sig}`;
        },
      ],
      [
        'a tampered signature',
        () => {
          const [header, payload, sig] = sys.softwareStatement.split('.') as [string, string, string];
          const i = 10;
          const flipped = sig.slice(0, i) + (sig[i] === 'A' ? 'B' : 'A') + sig.slice(i + 1);
          return `${header}.${payload}.${flipped}`;
        },
      ],
      ['a statement signed by another installation (unknown key)', async () => (await foreign.sign('softwareStatement', { software_id: 'playgate-web-app', requestor: 'PLAYGATE' }, 3600)).token],
      ['a statement for another requestor', async () => (await sys.ctx.tokens.sign('softwareStatement', { software_id: 'x-app', requestor: 'OTHER' }, 3600)).token],
      ['a statement without software_id', async () => (await sys.ctx.tokens.sign('softwareStatement', { requestor: 'PLAYGATE' }, 3600)).token],
      ['an expired statement', async () => (await sys.ctx.tokens.sign('softwareStatement', { software_id: 'playgate-web-app', requestor: 'PLAYGATE' }, 60, Date.now() - 3_600_000)).token],
      ['a client access token instead of a statement', async () => (await sys.ctx.tokens.sign('clientAccess', { software_id: 'playgate-web-app', requestor: 'PLAYGATE' }, 3600)).token],
      ['a media token instead of a statement', async () => (await sys.ctx.tokens.sign('media', { software_id: 'playgate-web-app', requestor: 'PLAYGATE' }, 3600)).token],
      [
        'an unsigned (alg: none) statement',
        () => {
          const header = Buffer.from(JSON.stringify({ alg: 'none', typ: decodeProtectedHeader(sys.softwareStatement).typ })).toString('base64url');
          return `${header}.${sys.softwareStatement.split('.')[1]}.`;
        },
      ],
    ];
    it.each(cases)('%s', async (_label, make) => {
      const statement = await make();
      const res = await register({ software_statement: statement });
      expectErrorBody(res, STATEMENT_ERROR);
      expect(res.json().client_id).toBeUndefined();
    });
  });

  it('registers no client for a refused statement', async () => {
    const before = await sys.ctx.db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await register({ software_statement: 'aaa.bbb.ccc' });
    const after = await sys.ctx.db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it.each([
    ['no body at all', undefined, {}],
    ['an empty JSON object', '{}', { 'content-type': 'application/json' }],
    ['broken JSON', '{"software_statement": ', { 'content-type': 'application/json' }],
    ['a JSON array', '[]', { 'content-type': 'application/json' }],
    ['a JSON string', '"eyJ"', { 'content-type': 'application/json' }],
    ['a number as the statement', '{"software_statement": {"a": 1}}', { 'content-type': 'application/json' }],
    ['an empty statement', '{"software_statement": ""}', { 'content-type': 'application/json' }],
    ['a prototype-poisoning body', '{"__proto__": {"admin": true}, "software_statement": "x"}', { 'content-type': 'application/json' }],
  ] as Array<[string, string | undefined, Record<string, string>]>)('answers %s with a 400 error body', async (_label, payload, headers) => {
    const res = await sys.app.inject({ method: 'POST', url: '/o/client/register', headers, ...(payload !== undefined ? { payload } : {}) });
    expectErrorBody(res, { status: 400, code: 'invalid_request' });
  });

  it('answers an unsupported content type with 415 in the error format', async () => {
    const res = await register('<statement/>', { 'content-type': 'application/xml' });
    expectErrorBody(res, { status: 415, code: 'unsupported_media_type' });
  });

  it('answers an oversized statement with a 4xx error body', async () => {
    const res = await register({ software_statement: 'a'.repeat(9000) });
    expect(res.statusCode).toBe(400);
    expectErrorBody(res, { status: 400, code: 'invalid_request' });
  });
});

describe('POST /o/client/token', () => {
  let creds: { client_id: string; client_secret: string };
  beforeAll(async () => {
    creds = await registerClient(sys);
  });

  const asQuery = (params: Record<string, string>) => sys.app.inject({ method: 'POST', url: `/o/client/token?${new URLSearchParams(params)}` });
  const asForm = (params: Record<string, string>) =>
    sys.app.inject({ method: 'POST', url: '/o/client/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(params).toString() });

  it.each([
    ['in the query string', asQuery],
    ['as a form body', asForm],
  ])('issues a signed client access token for parameters %s', async (_label, send) => {
    const res = await send({ grant_type: 'client_credentials', ...creds });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: sys.config.tokens.clientAccessTokenTtlSeconds });
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    const claims = await sys.ctx.tokens.verify('clientAccess', body.access_token);
    expect(claims).toMatchObject({ client_id: creds.client_id, requestor: 'PLAYGATE' });
    // The token opens the Pass API.
    const config = await sys.app.inject({ url: '/api/v2/PLAYGATE/configuration', headers: { authorization: `Bearer ${body.access_token}` } });
    expect(config.statusCode).toBe(200);
  });

  it('accepts the parameters split between the query string and the form body', async () => {
    const res = await sys.app.inject({
      method: 'POST',
      url: `/o/client/token?grant_type=client_credentials&client_id=${creds.client_id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `client_secret=${encodeURIComponent(creds.client_secret)}`,
    });
    expect(res.statusCode).toBe(201);
  });

  it.each([
    ['query', asQuery],
    ['form', asForm],
  ])('refuses a wrong secret (%s): 401 invalid_client_credentials', async (_label, send) => {
    const res = await send({ grant_type: 'client_credentials', client_id: creds.client_id, client_secret: `${creds.client_secret}x` });
    expectErrorBody(res, CREDENTIALS_ERROR);
    expect(res.json().access_token).toBeUndefined();
  });

  it('refuses an unknown client: 401 invalid_client_credentials', async () => {
    const res = await asQuery({ grant_type: 'client_credentials', client_id: '00000000-0000-4000-8000-000000000000', client_secret: creds.client_secret });
    expectErrorBody(res, CREDENTIALS_ERROR);
  });

  it("refuses one client's secret for another client", async () => {
    const other = await registerClient(sys);
    const res = await asQuery({ grant_type: 'client_credentials', client_id: other.client_id, client_secret: creds.client_secret });
    expectErrorBody(res, CREDENTIALS_ERROR);
  });

  it.each([
    ['no client_secret', { grant_type: 'client_credentials', client_id: 'x' }],
    ['no client_id', { grant_type: 'client_credentials', client_secret: 'x' }],
    ['empty credentials', { grant_type: 'client_credentials', client_id: '', client_secret: '' }],
  ])('refuses %s: 401 invalid_client_credentials', async (_label, params) => {
    expectErrorBody(await asQuery(params), CREDENTIALS_ERROR);
  });

  it.each([
    ['password', { grant_type: 'password' }],
    ['authorization_code', { grant_type: 'authorization_code' }],
    ['a missing grant_type', {}],
    ['an upper-case client_credentials', { grant_type: 'CLIENT_CREDENTIALS' }],
  ] as Array<[string, Record<string, string>]>)('refuses %s: 400 unsupported_grant_type', async (_label, params) => {
    const res = await asQuery({ ...params, ...creds });
    expectErrorBody(res, { status: 400, code: 'unsupported_grant_type', action: 'application-registration' });
  });

  it('refuses a wrong grant_type before looking at the credentials', async () => {
    const res = await asForm({ grant_type: 'refresh_token', client_id: 'nobody', client_secret: 'nothing' });
    expectErrorBody(res, { status: 400, code: 'unsupported_grant_type' });
  });

  it.each([
    ['broken JSON', '{"grant_type":', 'application/json'],
    ['a JSON array', '[1]', 'application/json'],
    ['an over-long client_id', JSON.stringify({ grant_type: 'client_credentials', client_id: 'a'.repeat(500), client_secret: 'x' }), 'application/json'],
    ['duplicate form keys', 'grant_type=client_credentials&grant_type=password&client_id=a&client_secret=b', 'application/x-www-form-urlencoded'],
  ])('answers %s with a 400 error body', async (_label, payload, type) => {
    const res = await sys.app.inject({ method: 'POST', url: '/o/client/token', headers: { 'content-type': type }, payload });
    expectErrorBody(res, { status: 400, code: 'invalid_request' });
  });
});
