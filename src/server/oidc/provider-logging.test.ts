// oidc-provider's own output goes through the redacting logger: its error events for
// refused requests (authorization, token, end-session), its debug lines, a server error —
// each is logged, and none quotes a state, nonce, hint, code or token.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import createDebug from 'debug';
import Fastify from 'fastify';
import Provider from 'oidc-provider';
import { startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { redactingLogger } from '../http/log-redaction.ts';
import { routeProviderLogs } from './provider-logging.ts';
import { issuerPath } from './mount-provider.ts';

const lines: string[] = [];
const stream = new Writable({
  write(chunk, _enc, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});
const SECRETS = ['STATE-SECRET-1', 'NONCE-SECRET-2', 'HINT-SECRET-3', 'CODE-SECRET-4', 'VERIFIER-SECRET-5', 'eyJhbGciOiJFUzI1NiJ9'];
const provider = () => lines.filter((l) => l.includes('"source":"oidc-provider"')).map((l) => JSON.parse(l) as Record<string, unknown>);

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem(undefined, { logger: { level: 'info', stream } });
  createDebug.enable('oidc-provider:*');
  const idp = (path: string) => `${issuerPath(sys.config.idp.issuer)}${path}`;
  const callback = encodeURIComponent(`${sys.config.app.publicUrl}/auth/callback`);
  // A foreign redirect_uri: authorization.error.
  await sys.idp!.inject({
    url: idp(`/auth?client_id=${sys.config.idp.clientId}&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&state=STATE-SECRET-1&nonce=NONCE-SECRET-2&login_hint=HINT-SECRET-3&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`),
  });
  // An unknown code at the token endpoint: grant.error.
  await sys.idp!.inject({
    method: 'POST',
    url: idp('/token'),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `grant_type=authorization_code&client_id=${sys.config.idp.clientId}&code=CODE-SECRET-4&code_verifier=VERIFIER-SECRET-5-${'v'.repeat(43)}&redirect_uri=${callback}`,
  });
  // A bogus id_token_hint at end-session: end_session.error.
  await sys.idp!.inject({ url: idp(`/session/end?id_token_hint=eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln&state=STATE-SECRET-1`) });
}, 60_000);
afterAll(async () => {
  createDebug.disable();
  await sys.dispose();
});

it('logs the provider’s refusals as events of the service’s logger, with redacted URLs', () => {
  const events = provider().map((l) => l.event);
  expect(events).toEqual(expect.arrayContaining(['authorization.error', 'grant.error', 'end_session.error']));
  const auth = provider().find((l) => l.event === 'authorization.error')!;
  expect(auth.url).toContain('state=[redacted]');
  expect(auth.url).toContain('login_hint=[redacted]');
  expect(auth.url).toContain('client_id='); // what is not a secret stays, to be useful
  expect(provider().find((l) => l.event === 'grant.error')!.error).toBe('invalid_grant');
});

it('routes the provider’s debug lines (DEBUG=oidc-provider:*) through the same logger', () => {
  const debug = provider().filter((l) => l.event === 'debug');
  expect(debug.length).toBeGreaterThan(0);
  expect(debug.some((l) => String(l.msg).includes('oidc-provider:'))).toBe(true);
});

it('no provider line — no line at all — quotes a secret', () => {
  expect(lines.length).toBeGreaterThan(0);
  for (const secret of SECRETS) expect(lines.filter((l) => l.includes(secret)), secret).toEqual([]);
});

it('a server error is logged with its message and stack redacted', async () => {
  const captured: string[] = [];
  const app = Fastify({ logger: redactingLogger({ level: 'info', stream: new Writable({ write: (c, _e, d) => (captured.push(String(c)), d()) }) }) });
  const p = new Provider('http://localhost:1/oidc', {});
  routeProviderLogs(p, app.log);
  (p as unknown as NodeJS.EventEmitter).emit('server_error', { method: 'GET', url: '/oidc/auth?code=CODE-SECRET-4' }, new Error('adapter failed for token=HINT-SECRET-3 and eyJhbGciOiJFUzI1NiJ9.eyJ4Ijox.c2ln'));
  const line = JSON.parse(captured.find((l) => l.includes('server_error'))!);
  expect(line).toMatchObject({ source: 'oidc-provider', event: 'server_error', level: 50, url: '/oidc/auth?code=[redacted]' });
  expect(line.error).toBe('adapter failed for token=[redacted] and [redacted]');
  expect(line.stack).toContain('adapter failed for token=[redacted]');
  for (const secret of SECRETS) expect(captured.join('\n')).not.toContain(secret);
  await app.close();
  // Routed back to the system's IdP logger for the other tests of this file.
  routeProviderLogs(new Provider('http://localhost:1/x', {}), sys.idp!.log);
});
