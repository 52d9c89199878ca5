// Keys shared by every instance: two systems with the same config and database but separate
// data directories accept each other's client, media, playback and customer tokens, on one
// SQLite file and (with DATABASE_URL) on one PostgreSQL schema; rotation publish → activate →
// retire with no restart; an unknown kid reloads; a legacy key file is imported; the KEK seals.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtectedHeader, exportJWK, generateKeyPair, calculateJwkThumbprint } from 'jose';
import { clientToken, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';
import { listKeys, publishKey } from './shared-key-store.ts';
import { maxTokenLifetimeMs } from '../tokens/token-lifetimes.ts';
import { resolveKek, seal, unseal } from './kek.ts';

const PUBLISHER = 'Bearer dev-publisher-token-change-me-0001';

const targets: Array<[string, (shared: string) => object]> = [['one SQLite file', (dir) => ({ file: join(dir, 'shared.sqlite') })]];
if (process.env.DATABASE_URL) targets.push(['one PostgreSQL schema', () => ({ url: process.env.DATABASE_URL, schema: `t_shared_${process.pid}_${Date.now() % 100000}` })]);

describe.each(targets)('two instances on %s', (_name, database) => {
  let a: TestSystem;
  let b: TestSystem;
  const shared = mkdtempSync(join(tmpdir(), 'playgate-shared-'));
  const db = database(shared);

  beforeAll(async () => {
    a = await startTestSystem(testConfig((raw) => (raw.database = db)));
    b = await startTestSystem(testConfig((raw) => (raw.database = db)));
  });
  afterAll(async () => {
    await b.dispose();
    await a.dispose();
    rmSync(shared, { recursive: true, force: true });
  });

  it('use separate data directories but one signing key', () => {
    expect(a.dataDir).not.toBe(b.dataDir);
    expect(b.ctx.tokens.signingKid).toBe(a.ctx.tokens.signingKid);
    expect(b.ctx.tokens.publicJwks).toEqual(a.ctx.tokens.publicJwks);
  });

  it("accept each other's client, customer, media and playback tokens (4 of 4)", async () => {
    // Client access token from A, used on B.
    const client = await clientToken(a);
    const config = await b.app.inject({ url: '/api/v2/PLAYGATE/configuration', headers: passHeaders(client, 'device-shared-keys') });
    expect(config.statusCode).toBe(200);

    // Customer token (publisher SSO) from A, a Playback bearer on B.
    const auth = await a.app.inject({ method: 'POST', url: '/sso/auths', headers: { authorization: PUBLISHER }, payload: { customerEmail: 'alice@example.com' } });
    expect(auth.statusCode).toBe(200);
    const play = await b.app.inject({ url: '/playback/v1/entry/premium-doc', headers: { authorization: `Bearer ${auth.json().jwt}`, 'ap-device-identifier': passHeaders(client, 'device-shared-keys')['ap-device-identifier']! } });
    expect(play.statusCode).toBe(200);

    // Media token from B, spent on A; its replay on B is refused (single use across instances).
    const hls = `${play.json().playback.hls as string}&device=device-shared-keys`;
    const master = await a.app.inject({ url: hls });
    expect(master.statusCode).toBe(200);
    expect((await b.app.inject({ url: hls })).statusCode).toBe(403);

    // Playback tokens in A's rewritten playlist, used on B.
    const variant = master.body.split('\n').find((l) => l && !l.startsWith('#'))!;
    const media = await b.app.inject({ url: new URL(variant, `http://x${new URL(hls, 'http://x').pathname}`).pathname + new URL(variant, 'http://x/media/').search + '&device=device-shared-keys' });
    expect(media.statusCode).toBe(200);
    expect(media.body).toContain('#EXTM3U');
  });

  it('a customer JWT whose refresh family one instance revoked is refused by the other within seconds', async () => {
    const client = await clientToken(a);
    const play = (jwt: string) => b.app.inject({ url: '/playback/v1/entry/premium-doc', headers: { authorization: `Bearer ${jwt}`, 'ap-device-identifier': passHeaders(client, 'device-shared-keys')['ap-device-identifier']! } });
    const first = (await a.app.inject({ method: 'POST', url: '/sso/auths', headers: { authorization: PUBLISHER }, payload: { customerEmail: 'alice@example.com' } })).json();
    const second = (await a.app.inject({ method: 'POST', url: '/auths/refresh_token', payload: { refreshToken: first.refreshToken } })).json();
    expect((await play(second.jwt)).statusCode).toBe(200);
    // The reuse on A revokes the family in the shared database.
    expect((await a.app.inject({ method: 'POST', url: '/auths/refresh_token', payload: { refreshToken: first.refreshToken } })).json()).toMatchObject({ code: 'refresh_token_reused' });
    const started = Date.now();
    await expect.poll(async () => (await play(second.jwt)).statusCode, { timeout: 6000, interval: 200 }).toBe(401);
    expect(Date.now() - started).toBeLessThan(3500);
  });

  it('rotate: publish (both see it, nobody signs with it), activate (both sign with it), old tokens keep verifying', async () => {
    const oldKid = a.ctx.tokens.signingKid;
    const before = await a.ctx.tokens.sign('clientAccess', { client_id: 'x' }, 600);
    const newKid = await publishKey(a.ctx.db, a.config.kek, Date.now() + 1500);
    await Promise.all([a.keyRing.reload(a.ctx.tokens), b.keyRing.reload(b.ctx.tokens)]);
    for (const s of [a, b]) {
      expect(s.ctx.tokens.publicJwks.keys.map((k) => k.kid)).toContain(newKid);
      expect(s.ctx.tokens.signingKid).toBe(oldKid);
      expect((await s.app.inject({ url: '/.well-known/jwks.json' })).json().keys.map((k: { kid: string }) => k.kid)).toContain(newKid);
    }
    // No explicit reload: each instance reloads at the activation instant by itself.
    await new Promise((r) => setTimeout(r, 1700));
    expect(a.ctx.tokens.signingKid).toBe(newKid);
    expect(b.ctx.tokens.signingKid).toBe(newKid);
    const after = await b.ctx.tokens.sign('clientAccess', { client_id: 'x' }, 600);
    expect(decodeProtectedHeader(after.token).kid).toBe(newKid);
    await expect(a.ctx.tokens.verify('clientAccess', after.token)).resolves.toMatchObject({ client_id: 'x' });
    await expect(b.ctx.tokens.verify('clientAccess', before.token)).resolves.toMatchObject({ client_id: 'x' });
    // The replaced key is retired, not gone: it verifies until the longest token lifetime has passed.
    const states = await listKeys(a.ctx.db, Date.now(), maxTokenLifetimeMs(a.config));
    expect(states.find((k) => k.kid === oldKid)).toMatchObject({ state: 'retired' });
    expect(states.find((k) => k.kid === newKid)).toMatchObject({ state: 'active' });
    const later = await listKeys(a.ctx.db, Date.now() + maxTokenLifetimeMs(a.config) + 1000, maxTokenLifetimeMs(a.config));
    expect(later.find((k) => k.kid === oldKid)).toMatchObject({ state: 'expired' });
  });

  it('an unknown kid makes an instance reload at once (before its next refresh)', async () => {
    const kid = await publishKey(a.ctx.db, a.config.kek, Date.now());
    await a.keyRing.reload(a.ctx.tokens);
    expect(a.ctx.tokens.signingKid).toBe(kid);
    expect(b.ctx.tokens.publicJwks.keys.map((k) => k.kid)).not.toContain(kid);
    await new Promise((r) => setTimeout(r, 1100)); // past the unknown-kid cooldown
    const token = await a.ctx.tokens.sign('media', { resource: 'news-24', device: 'd' }, 60);
    await expect(b.ctx.tokens.verify('media', token.token)).resolves.toMatchObject({ resource: 'news-24' });
    expect(b.ctx.tokens.signingKid).toBe(kid);
  });
});

describe('first start with a legacy data/keys/playgate.jwks.json', () => {
  let sys: TestSystem;
  let kid: string;
  beforeAll(async () => {
    const config = testConfig();
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    kid = await calculateJwkThumbprint(jwk);
    mkdirSync(join(config.dataDir, 'keys'), { recursive: true });
    writeFileSync(join(config.dataDir, 'keys', 'playgate.jwks.json'), JSON.stringify({ keys: [{ ...jwk, kid, alg: 'ES256', use: 'sig' }] }));
    sys = await startTestSystem(config);
  });
  afterAll(() => sys.dispose());

  it('imports its keys into the database: the old key keeps signing', async () => {
    expect(sys.ctx.tokens.signingKid).toBe(kid);
    const rows = await sys.ctx.db.selectFrom('signing_keys').selectAll().execute();
    expect(rows.map((r) => r.kid)).toEqual([kid]);
    // Sealed: the private scalar is not in the row in clear.
    const d = (JSON.parse(readFileSync(join(sys.dataDir, 'keys', 'playgate.jwks.json'), 'utf8')) as { keys: Array<{ d: string }> }).keys[0]!.d;
    expect(rows[0]!.private_jwk_sealed).not.toContain(d);
    expect(rows[0]!.public_jwk).not.toContain('"d"');
  });
});

describe('the KEK', () => {
  it('seals with AES-256-GCM: another KEK or another row cannot open it', () => {
    const kek = resolveKek({ PLAYGATE_KEK: Buffer.alloc(32, 7).toString('base64') });
    const other = resolveKek({ PLAYGATE_KEK: 'ab'.repeat(32) });
    const sealed = seal(kek, 'secret', 'kid-1');
    expect(unseal(kek, sealed, 'kid-1')).toBe('secret');
    expect(() => unseal(other, sealed, 'kid-1')).toThrow(/cannot be decrypted/);
    expect(() => unseal(kek, sealed, 'kid-2')).toThrow(/cannot be decrypted/);
  });

  it('comes from PLAYGATE_KEK or PLAYGATE_KEK_FILE; bad values are named; none → the dev KEK', () => {
    const dir = mkdtempSync(join(tmpdir(), 'playgate-kek-'));
    writeFileSync(join(dir, 'kek'), `${'cd'.repeat(32)}\n`);
    expect(resolveKek({ PLAYGATE_KEK_FILE: join(dir, 'kek') })).toMatchObject({ source: 'PLAYGATE_KEK_FILE' });
    expect(resolveKek({})).toMatchObject({ source: 'dev' });
    expect(() => resolveKek({ PLAYGATE_KEK: 'short' })).toThrow(/PLAYGATE_KEK: must be 32/);
    expect(() => resolveKek({ PLAYGATE_KEK_FILE: join(dir, 'missing') })).toThrow(/PLAYGATE_KEK_FILE: cannot read/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a system with another KEK refuses to start on keys it cannot open (named, no silent new key)', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'playgate-shared-'));
    const database = { file: join(shared, 'shared.sqlite') };
    const first = await startTestSystem(testConfig((raw) => (raw.database = database)));
    const config = { ...testConfig((raw) => (raw.database = database)), kek: resolveKek({ PLAYGATE_KEK: 'ef'.repeat(32) }) };
    await expect(startTestSystem(config)).rejects.toThrow(/cannot be decrypted with this KEK/);
    rmSync(config.dataDir, { recursive: true, force: true });
    await first.dispose();
    rmSync(shared, { recursive: true, force: true });
  });
});
