// Production mode: the shipped demo secrets and stand-ins are each named and refused; every
// secret can come from NAME or NAME_FILE instead; the real server process refuses to start.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from './load-config.ts';
import { productionProblems } from './production-check.ts';

const raw = () => JSON.parse(readFileSync('playgate.config.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'playgate-prod-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  writeFileSync(join(dir, name), `${content}\n`);
  return join(dir, name);
};
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const REAL_SECRETS: NodeJS.ProcessEnv = {
  PLAYGATE_KEK_FILE: file('kek', Buffer.alloc(32, 9).toString('base64')),
  PLAYGATE_ADMIN_TOKEN_FILE: file('admin', 'a-real-admin-token-from-a-vault'),
  PLAYGATE_PUBLISHER_PLAYGATE_DEMO_TOKEN: 'a-real-publisher-token-0123456789',
  PLAYGATE_DEMO_MIDDLEWARE_TOKEN_FILE: file('mw', 'a-real-publisher-token-0123456789'),
  PLAYGATE_MVPD_CLIENT_SECRET: 'a-real-mvpd-client-secret-0123456789',
  PLAYGATE_IDP_DEMO_PASSWORD: 'not-the-demo-one',
  PLAYGATE_MVPD_DEMO_PASSWORD_FILE: file('mvpd-pw', 'not-the-demo-either'),
  PLAYGATE_ALLOW_DEV_STANDINS: 'true',
};

describe('productionProblems', () => {
  it('names every shipped demo secret and the stand-ins', () => {
    const problems = productionProblems(parseConfig(raw(), 'shipped', {}), {});
    const text = problems.join('\n');
    for (const expected of [
      /dev stand-ins/,
      /dev key-encryption key/,
      /demo admin token/,
      /publisher "playgate-demo" has the demo publisher token: set PLAYGATE_PUBLISHER_PLAYGATE_DEMO_TOKEN/,
      /demo middleware holds the demo publisher token/,
      /demo MVPD client secret/,
      /IdP demo password/,
      /MVPD simulator demo password/,
      /demo checkout grants entitlements without payment/,
      /partner SSO "Apple" is signed by the partner framework simulator/,
    ])
      expect(text).toMatch(expected);
    expect(problems).toHaveLength(10);
  });

  it('passes once each one comes from an env var or a _FILE', () => {
    const config = parseConfig(raw(), 'shipped', REAL_SECRETS);
    expect(productionProblems(config, REAL_SECRETS)).toEqual([]);
    expect(config.adminTokenSha256).toBe(sha256('a-real-admin-token-from-a-vault'));
    expect(config.publisherSso!.publishers[0]!.tokenSha256).toBe(sha256('a-real-publisher-token-0123456789'));
    expect(config.publisherSso!.demoMiddleware!.publisherToken).toBe('a-real-publisher-token-0123456789');
    expect(config.mvpdSimulator).toMatchObject({ clientSecret: 'a-real-mvpd-client-secret-0123456789', demoPassword: 'not-the-demo-either' });
    expect(config.idp.demoPassword).toBe('not-the-demo-one');
    expect(config.kek.source).toBe('PLAYGATE_KEK_FILE');
  });

  it('demo passwords do not matter when the stand-ins do not run', () => {
    const r = raw();
    r.idp = { ...r.idp, embedded: false, issuer: 'https://idp.example.com' };
    r.mvpdSimulator = { ...r.mvpdSimulator, embedded: false, issuer: 'https://mvpd.example.com' };
    r.demoCheckout = false;
    r.partnerSso.partners[0].signer = { issuer: 'https://partner.example.com', jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] } };
    const env = { ...REAL_SECRETS, PLAYGATE_IDP_DEMO_PASSWORD: '', PLAYGATE_MVPD_DEMO_PASSWORD_FILE: '', PLAYGATE_ALLOW_DEV_STANDINS: '' };
    expect(productionProblems(parseConfig(r, 'external', env), env)).toEqual([]);
  });

  it('an unreadable _FILE is a named config problem', () => {
    expect(() => parseConfig(raw(), 'x', { PLAYGATE_ADMIN_TOKEN_FILE: join(dir, 'nope') })).toThrow(/PLAYGATE_ADMIN_TOKEN_FILE: cannot read/);
  });
});

it('the server refuses to start with NODE_ENV=production and the shipped config, naming each secret', async () => {
  const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, NODE_ENV: 'production', PLAYGATE_DATA_DIR: join(dir, 'data'), PLAYGATE_APP_PORT: '22290', PLAYGATE_IDP_PORT: '22291', PLAYGATE_MVPD_PORT: '22292' },
    timeout: 30_000,
  });
  const err = (await run.then(() => null, (e: unknown) => e)) as { code: number; stderr: string } | null;
  expect(err).not.toBeNull();
  expect(err!.code).toBe(1);
  for (const name of ['admin token', 'playgate-demo', 'MVPD client secret', 'key-encryption key', 'demo password']) expect(err!.stderr).toContain(name);
}, 40_000);
