// The media-token verifier for integrators: all five statuses, through the endpoint and
// the CLI, with the claims only for a token that verified, never the token itself, and
// without spending the token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { clientToken, expectErrorBody, mediaTokenFor, mvpdLogin, passHeaders, startTestSystem, type TestSystem } from '../test-support/test-system.ts';
import { loadOrCreateKeySet } from '../tokens/key-store.ts';
import { TokenService } from '../tokens/token-service.ts';
import { runVerifyTokenCli } from '../cli/verify-token-cli.ts';
import type { VerifyStatus } from './media-token-verifier.ts';

let sys: TestSystem;
let headers: Record<string, string>;
let clientAccess: string;
let foreign: TokenService;
let foreignDir: string;
const DEVICE = 'device-verify-0001';

beforeAll(async () => {
  sys = await startTestSystem();
  clientAccess = await clientToken(sys);
  headers = passHeaders(clientAccess, DEVICE);
  await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
  // Same issuer, other keys: what a forger with their own key set would produce.
  foreignDir = mkdtempSync(join(tmpdir(), 'playgate-foreign-'));
  foreign = await TokenService.create(sys.config.app.publicUrl, await loadOrCreateKeySet(join(foreignDir, 'k.json'), ['ES256']));
});
afterAll(async () => {
  await sys.dispose();
  rmSync(foreignDir, { recursive: true, force: true });
});

const permit = () => mediaTokenFor(sys, headers, 'Skyline', 'news-24');
const verify = (payload: unknown) => sys.app.inject({ method: 'POST', url: '/playgate/v1/media-tokens/verify', payload: payload as object });

function tamperSignature(token: string): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  return `${h}.${p}.${s.slice(0, 20)}${s[20] === 'A' ? 'B' : 'A'}${s.slice(21)}`;
}

/** Every status with a token that produces it, and the resource to check (if any). */
const CASES: Array<{ name: string; status: VerifyStatus; make: () => Promise<{ token: string; resource?: string }> }> = [
  { name: 'a real Permit', status: 'VALID_TOKEN', make: async () => ({ token: await permit() }) },
  { name: 'a real Permit, checked for its resource', status: 'VALID_TOKEN', make: async () => ({ token: await permit(), resource: 'news-24' }) },
  {
    name: 'a real Permit, checked for its resource as MRSS',
    status: 'VALID_TOKEN',
    make: async () => ({ token: await permit(), resource: '<rss version="2.0"><channel><title>news-24</title></channel></rss>' }),
  },
  { name: 'a real Permit, checked for another resource', status: 'INVALID_RESOURCE_ID', make: async () => ({ token: await permit(), resource: 'sports-one' }) },
  { name: 'a real Permit, checked for a malformed MRSS', status: 'INVALID_RESOURCE_ID', make: async () => ({ token: await permit(), resource: '<rss><channel>' }) },
  { name: 'garbage', status: 'INVALID_TOKEN_FORMAT', make: async () => ({ token: 'not-a-token' }) },
  { name: 'three empty parts', status: 'INVALID_TOKEN_FORMAT', make: async () => ({ token: 'a.b.c' }) },
  { name: 'an empty string', status: 'INVALID_TOKEN_FORMAT', make: async () => ({ token: '' }) },
  { name: 'an oversize token', status: 'INVALID_TOKEN_FORMAT', make: async () => ({ token: `${await permit()}${'A'.repeat(9000)}` }) },
  { name: 'a client access token (another kind)', status: 'INVALID_TOKEN_FORMAT', make: async () => ({ token: clientAccess }) },
  {
    name: 'an unsigned (alg none) token',
    status: 'INVALID_TOKEN_FORMAT',
    make: async () => ({ token: `${Buffer.from('{"alg":"none","typ":"media+jwt"}').toString('base64url')}.${(await permit()).split('.')[1]}.` }),
  },
  { name: 'a tampered signature', status: 'INVALID_SIGNATURE', make: async () => ({ token: tamperSignature(await permit()) }) },
  {
    name: 'a tampered payload',
    status: 'INVALID_SIGNATURE',
    make: async () => {
      const [h, p, s] = (await permit()).split('.') as [string, string, string];
      const claims = { ...JSON.parse(Buffer.from(p, 'base64url').toString()), resource: 'sports-one' };
      return { token: `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}` };
    },
  },
  { name: 'a token signed with another key', status: 'INVALID_SIGNATURE', make: async () => ({ token: (await foreign.sign('media', { resource: 'news-24' }, 300)).token }) },
  { name: 'an expired token', status: 'TOKEN_EXPIRED', make: async () => ({ token: (await sys.ctx.tokens.sign('media', { resource: 'news-24' }, 1, Date.now() - 120_000)).token }) },
  { name: 'a token not valid yet', status: 'TOKEN_EXPIRED', make: async () => ({ token: (await sys.ctx.tokens.sign('media', { resource: 'news-24' }, 600, Date.now() + 600_000)).token }) },
];

describe('POST /playgate/v1/media-tokens/verify', () => {
  it.each(CASES)('$name → $status', async ({ status, make }) => {
    const { token, resource } = await make();
    const res = await verify({ token, ...(resource !== undefined ? { resource } : {}) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body.status).toBe(status);
    if (token.length > 20) expect(res.body).not.toContain(token.split('.')[2] || token);
    if (status === 'VALID_TOKEN' || status === 'INVALID_RESOURCE_ID') {
      const claims = decodeJwt(token);
      expect(body).toEqual({ status, resource: 'news-24', requestor: 'PLAYGATE', exp: claims.exp });
    } else {
      expect(body).toEqual({ status });
    }
  });

  it('covers all five statuses', () => {
    expect(new Set(CASES.map((c) => c.status))).toEqual(new Set(['VALID_TOKEN', 'INVALID_TOKEN_FORMAT', 'INVALID_SIGNATURE', 'TOKEN_EXPIRED', 'INVALID_RESOURCE_ID']));
  });

  it('does not spend the token: it still opens the master playlist afterwards', async () => {
    const token = await permit();
    expect((await verify({ token })).json().status).toBe('VALID_TOKEN');
    expect((await verify({ token })).json().status).toBe('VALID_TOKEN');
    const master = await sys.app.inject({ url: `/media/news-24/master.m3u8?token=${token}&device=${DEVICE}` });
    expect(master.statusCode).toBe(200);
  });

  it('answers 400 invalid_request for a body without a token, a token that is not a string, or not JSON', async () => {
    expectErrorBody(await verify({}), { status: 400, code: 'invalid_request' });
    expectErrorBody(await verify({ token: { nested: true } }), { status: 400, code: 'invalid_request' });
    expectErrorBody(await verify([]), { status: 400, code: 'invalid_request' });
    const notJson = await sys.app.inject({ method: 'POST', url: '/playgate/v1/media-tokens/verify', headers: { 'content-type': 'application/json' }, payload: '{' });
    expectErrorBody(notJson, { status: 400, code: 'invalid_request' });
  });

  it('is documented in the OpenAPI with its tag', async () => {
    const doc = (await sys.app.inject({ url: '/docs/json' })).json();
    const op = doc.paths['/playgate/v1/media-tokens/verify']?.post;
    expect(op).toBeDefined();
    expect(op.tags).toEqual(['Media token verifier']);
    expect(op.security ?? []).toEqual([]);
  });
});

describe('npm run verify-token (the CLI function)', () => {
  it.each(CASES)('$name → prints $status', async ({ status, make }) => {
    const { token, resource } = await make();
    const lines: string[] = [];
    const code = await runVerifyTokenCli(resource !== undefined ? [token, resource] : [token], sys.ctx.tokens, (l) => lines.push(l));
    expect(lines[0]).toBe(status);
    expect(code).toBe(status === 'VALID_TOKEN' ? 0 : 1);
    if (status === 'VALID_TOKEN') expect(lines.join('\n')).toMatch(/resource\s+news-24/);
  });

  it('prints usage and exits 2 without a token or with extra arguments', async () => {
    const lines: string[] = [];
    expect(await runVerifyTokenCli([], sys.ctx.tokens, (l) => lines.push(l))).toBe(2);
    expect(await runVerifyTokenCli(['a', 'b', 'c'], sys.ctx.tokens, (l) => lines.push(l))).toBe(2);
    expect(lines.every((l) => l.startsWith('usage'))).toBe(true);
  });
});
