// Config loading: the shipped file parses; every problem of a broken file is named by
// its JSON path in one ConfigError; env overrides apply and bad ones are named.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from './load-config.ts';

const shipped = () => JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));

/** The problems parseConfig reports, or [] when it accepts the input. */
function problemsOf(raw: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfig(raw, 'test', env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
}

/** Asserts that exactly one problem starts with `path` followed by ':' (the JSON path named). */
function expectNamed(problems: string[], path: string) {
  const hits = problems.filter((p) => p.startsWith(`${path}:`));
  expect(hits, `no problem names ${path}; got:\n${problems.join('\n')}`).not.toHaveLength(0);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'playgate-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the shipped playgate.config.json', () => {
  it('parses, with the demo data the tests and demos rely on', () => {
    const config = loadConfig(DEFAULT_CONFIG_PATH, {});
    expect(config.requestor).toMatchObject({ id: 'PLAYGATE', domains: ['localhost'] });
    expect(config.mvpds.map((m) => m.id)).toEqual(['Skyline', 'MetroFiber', 'Northwind', 'Harbor']);
    expect(config.resources.map((r) => r.id)).toEqual(['news-24', 'sports-one', 'late-movie', 'premium-doc', 'fight-night', 'trailer']);
    // The SPEC's demo viewers first; QA viewers (dave…grace) may follow.
    expect(config.idp.viewers.map((v) => v.username).slice(0, 3)).toEqual(['alice', 'bob', 'carol']);
    expect(config.idp.viewers.find((v) => v.username === 'alice')?.claims).toEqual({ roles: ['premium', 'subscriber'] });
  });

  it('derives absolute URLs and the data directory', () => {
    const config = loadConfig(DEFAULT_CONFIG_PATH, {});
    expect(config.app).toEqual({ port: 8080, publicUrl: 'http://localhost:8080' });
    expect(config.idp.issuer).toBe('http://localhost:8081');
    expect(config.mvpdSimulator.issuer).toBe('http://localhost:8082');
    expect(config.dataDir).toBe(resolve('data'));
  });

  it('trims a trailing slash from configured URLs', () => {
    const raw = shipped();
    raw.app.publicUrl = 'https://tv.example.com/';
    raw.idp.issuer = 'https://id.example.com//';
    const config = parseConfig(raw);
    expect(config.app.publicUrl).toBe('https://tv.example.com');
    expect(config.idp.issuer).toBe('https://id.example.com');
  });

  it('does not modify the object it was given', () => {
    const raw = shipped();
    const copy = structuredClone(raw);
    parseConfig(raw, 'test', { PLAYGATE_APP_PORT: '9999', PLAYGATE_DATA_DIR: '/tmp/x' });
    expect(raw).toEqual(copy);
  });
});

describe('a config with several problems', () => {
  function broken() {
    const raw = shipped();
    delete raw.requestor;
    raw.app.port = 70000;
    raw.mvpds[1].id = 'Skyline';
    raw.resources[2].access = { type: 'svod', package: 'basic' };
    return raw;
  }

  it('throws one ConfigError naming every problem by its JSON path', () => {
    const problems = problemsOf(broken());
    expectNamed(problems, '/requestor');
    expectNamed(problems, '/app/port');
    expectNamed(problems, '/mvpds/1/id');
    expectNamed(problems, '/resources/2/access');
  });

  it('marks a missing section as missing', () => {
    expect(problemsOf(broken()).some((p) => p.startsWith('/requestor:') && p.endsWith('(missing)'))).toBe(true);
  });

  it('names the problems in the error message too, with the source', () => {
    try {
      parseConfig(broken(), 'my-config.json');
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).name).toBe('ConfigError');
      expect((err as Error).message).toContain('my-config.json');
      for (const p of (err as ConfigError).problems) expect((err as Error).message).toContain(p);
    }
  });

  it('lists each problem once', () => {
    const problems = problemsOf(broken());
    expect(new Set(problems).size).toBe(problems.length);
  });
});

describe('single problems, each named by its path', () => {
  const cases: Array<[string, (raw: any) => void, string]> = [
    ['a port that is not a number', (r) => (r.app.port = '8080'), '/app/port'],
    ['a negative port', (r) => (r.idp.port = -1), '/idp/port'],
    ['a fractional port', (r) => (r.mvpdSimulator.port = 8082.5), '/mvpdSimulator/port'],
    ['a public URL that is not http(s)', (r) => (r.app.publicUrl = 'ftp://x'), '/app/publicUrl'],
    ['an unknown top-level key', (r) => (r.extra = true), '/extra'],
    ['an unknown key in a section', (r) => (r.tokens.mediaTokenTTL = 5), '/tokens/mediaTokenTTL'],
    ['a zero TTL', (r) => (r.tokens.mediaTokenTtlSeconds = 0), '/tokens/mediaTokenTtlSeconds'],
    ['a short MVPD client secret', (r) => (r.mvpdSimulator.clientSecret = 'short'), '/mvpdSimulator/clientSecret'],
    ['no MVPDs', (r) => (r.mvpds = []), '/mvpds'],
    ['no registered domain', (r) => (r.requestor.domains = []), '/requestor/domains'],
    ['an id with a space', (r) => (r.resources[0].id = 'news 24'), '/resources/0/id'],
    ['an unknown rating', (r) => (r.resources[1].rating = 'R'), '/resources/1/rating'],
    ['an unknown parental limit', (r) => (r.mvpds[0].subscribers[2].maxRating = 'PG-13'), '/mvpds/0/subscribers/2/maxRating'],
    ['an offer whose entitlement does not open the title', (r) => (r.resources[4].access.offer.entitlement = 'premium'), '/resources/4/access/offer/entitlement'],
    ['an offer of an unknown kind', (r) => (r.resources[4].access.offer.kind = 'rental'), '/resources/4/access'],
    ['a TVE resource without a package', (r) => delete r.resources[0].access.package, '/resources/0/access'],
    ['an MVPD timeout below the floor', (r) => (r.mvpds[3].authorizationTimeoutMs = 1), '/mvpds/3/authorizationTimeoutMs'],
    ['an unsupported IdP algorithm', (r) => (r.idp.algorithms = ['HS256']), '/idp/algorithms/0'],
    ['a duplicate resource id', (r) => (r.resources[5].id = 'news-24'), '/resources/5/id'],
    ['a duplicate viewer', (r) => (r.idp.viewers[2].username = 'alice'), '/idp/viewers/2/username'],
    ['a subscriber under two MVPDs', (r) => (r.mvpds[3].subscribers[0].username = 'sky-basic'), '/mvpds/3/subscribers/0/username'],
    ['an external IdP without an issuer', (r) => (r.idp.embedded = false), '/idp/issuer'],
    ['an external MVPD without an issuer', (r) => (r.mvpdSimulator.embedded = false), '/mvpdSimulator/issuer'],
  ];
  it.each(cases)('%s', (_label, mutate, path) => {
    const raw = shipped();
    mutate(raw);
    expectNamed(problemsOf(raw), path);
  });

  it('an external IdP with an issuer is fine', () => {
    const raw = shipped();
    raw.idp.embedded = false;
    raw.idp.issuer = 'https://id.example.com';
    expect(problemsOf(raw)).toEqual([]);
  });

  it.each([null, [], 'config', 42])('refuses a file that is not an object (%j)', (raw) => {
    expect(problemsOf(raw).length).toBeGreaterThan(0);
  });
});

describe('env overrides', () => {
  it('PLAYGATE_APP_PORT and PLAYGATE_DATA_DIR apply', () => {
    const config = parseConfig(shipped(), 'test', { PLAYGATE_APP_PORT: '9090', PLAYGATE_DATA_DIR: '/var/lib/playgate' });
    expect(config.app.port).toBe(9090);
    expect(config.app.publicUrl).toBe('http://localhost:9090');
    expect(config.dataDir).toBe('/var/lib/playgate');
  });

  it('a relative PLAYGATE_DATA_DIR is made absolute', () => {
    expect(parseConfig(shipped(), 'test', { PLAYGATE_DATA_DIR: 'tmp/pg' }).dataDir).toBe(resolve('tmp/pg'));
  });

  it('the other overrides apply too', () => {
    const config = parseConfig(shipped(), 'test', {
      PLAYGATE_APP_URL: 'https://tv.example.com',
      PLAYGATE_IDP_PORT: '7001',
      PLAYGATE_MVPD_PORT: '7002',
      PLAYGATE_MVPD_ISSUER: 'https://mvpd.example.com',
    });
    expect(config.app.publicUrl).toBe('https://tv.example.com');
    expect(config.idp.port).toBe(7001);
    expect(config.idp.issuer).toBe('http://localhost:7001');
    expect(config.mvpdSimulator).toMatchObject({ port: 7002, issuer: 'https://mvpd.example.com' });
  });

  it('an empty variable is ignored', () => {
    expect(parseConfig(shipped(), 'test', { PLAYGATE_APP_PORT: '' }).app.port).toBe(8080);
  });

  it.each(['abc', '80.5', '8080x', ' ', '0x1F90', '1e3', '-1', '+80'])('a non-integer port (%j) is named by its variable', (value) => {
    const problems = problemsOf(shipped(), { PLAYGATE_APP_PORT: value });
    expectNamed(problems, 'PLAYGATE_APP_PORT');
  });

  it('an out-of-range port from the env is named by its JSON path', () => {
    expectNamed(problemsOf(shipped(), { PLAYGATE_IDP_PORT: '70000' }), '/idp/port');
  });

  it('a bad env port is reported alongside the problems of the file', () => {
    const raw = shipped();
    raw.tokens.mediaTokenTtlSeconds = -5;
    const problems = problemsOf(raw, { PLAYGATE_MVPD_PORT: 'nope' });
    expectNamed(problems, 'PLAYGATE_MVPD_PORT');
    expectNamed(problems, '/tokens/mediaTokenTtlSeconds');
  });

  it('a partner SSO mapping to an MVPD that does not exist, and a partner named twice, are named', () => {
    const raw = shipped();
    raw.partnerSso.partners[0].mvpds.ghost = 'NoSuchMvpd';
    raw.partnerSso.partners.push({ ...raw.partnerSso.partners[0], name: 'apple' });
    const problems = problemsOf(raw);
    expectNamed(problems, '/partnerSso/partners/0/mvpds/ghost');
    expectNamed(problems, '/partnerSso/partners/1/name');
  });

  it('a bad URL from the env is named', () => {
    expectNamed(problemsOf(shipped(), { PLAYGATE_IDP_ISSUER: 'not a url' }), '/idp/issuer');
  });
});

describe('loadConfig', () => {
  it('reads a file and applies the env it is given', () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify(shipped()));
    expect(loadConfig(file, { PLAYGATE_APP_PORT: '1234' }).app.port).toBe(1234);
  });

  it('names a file that is not JSON', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{ "dataDir": ');
    expect(() => loadConfig(file, {})).toThrow(ConfigError);
  });

  it('names a file that does not exist', () => {
    try {
      loadConfig(join(dir, 'missing.json'), {});
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain('missing.json');
    }
  });
});

describe('identity provider settings (issue 12)', () => {
  it('accepts claim names and full claim settings, resolved to specs, with the provider defaults', () => {
    const raw = shipped();
    raw.idp.entitlementClaims = ['roles', { path: 'realm_access.roles', format: 'array', map: { 'kc-premium': 'premium' } }];
    raw.tenants[0].entitlements.jwtClaims = [{ path: 'https://example.com/roles' }, 'cognito:groups'];
    const config = parseConfig(raw, 'test', {});
    expect(config.idp.entitlementClaims).toEqual([
      { path: 'roles', format: 'auto', from: 'access_token' },
      { path: 'realm_access.roles', format: 'array', from: 'access_token', map: { 'kc-premium': 'premium' } },
    ]);
    expect(config.tenants?.[0]?.entitlements?.jwtClaims.map((c) => c.path)).toEqual(['https://example.com/roles', 'cognito:groups']);
    expect(config.idp).toMatchObject({ scope: 'openid profile email offline_access playgate', accessTokenTypes: ['at+jwt'], clockToleranceSeconds: 30 });
  });

  it('keeps an external issuer exactly as written (Auth0’s ends with a slash)', () => {
    const raw = shipped();
    raw.idp.embedded = false;
    raw.idp.issuer = 'https://tenant.auth0.com/';
    expect(parseConfig(raw, 'test', {}).idp.issuer).toBe('https://tenant.auth0.com/');
    raw.idp.embedded = true;
    raw.idp.issuer = 'http://localhost:8081/';
    expect(parseConfig(raw, 'test', {}).idp.issuer).toBe('http://localhost:8081');
  });

  it('refuses to let the API decide on claims it never sees (ID token, userinfo)', () => {
    const raw = shipped();
    raw.tenants[0].entitlements.jwtClaims = ['roles', { path: 'groups', from: 'id_token' }];
    expectNamed(problemsOf(raw), '/tenants/0/entitlements/jwtClaims/1');
    // Without tenants the IdP's claims decide: the same rule applies to them.
    const noTenants = shipped();
    delete noTenants.tenants;
    noTenants.idp.entitlementClaims = [{ path: 'groups', from: 'userinfo' }];
    expectNamed(problemsOf(noTenants), '/idp/entitlementClaims/0');
    // With a tenant deciding, an ID-token claim in idp.entitlementClaims is display-only: fine.
    const display = shipped();
    display.idp.entitlementClaims = ['roles', { path: 'groups', from: 'id_token' }];
    expect(problemsOf(display)).toEqual([]);
  });

  it('audienceClaim: client_id for Cognito-style access tokens, aud by default, anything else named', () => {
    const raw = shipped();
    expect(parseConfig(raw, 'test', {}).idp.audienceClaim).toBeUndefined();
    raw.idp.audienceClaim = 'client_id';
    raw.ssoIssuers = [{ issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/POOL', audiences: ['app-client'], algorithms: ['RS256'], audienceClaim: 'client_id' }];
    const config = parseConfig(raw, 'test', {});
    expect(config.idp.audienceClaim).toBe('client_id');
    expect(config.ssoIssuers?.[0]?.audienceClaim).toBe('client_id');
    raw.idp.audienceClaim = 'azp';
    expect(problemsOf(raw).some((p) => p.startsWith('/idp/audienceClaim'))).toBe(true);
  });

  it('names bad provider settings: tolerance over 60 s, reserved or misplaced authorization parameters, unknown formats', () => {
    const raw = shipped();
    raw.idp.clockToleranceSeconds = 61;
    raw.idp.extraAuthParams = { prompt: 'none', resource: 'x', audience: 'https://api.example' };
    raw.idp.entitlementClaims = [{ path: 'roles', format: 'semicolon' }];
    const problems = problemsOf(raw);
    expectNamed(problems, '/idp/clockToleranceSeconds');
    expectNamed(problems, '/idp/extraAuthParams/prompt');
    expectNamed(problems, '/idp/extraAuthParams/resource');
    expect(problems.some((p) => p.startsWith('/idp/extraAuthParams/audience'))).toBe(false);
    expect(problems.some((p) => p.startsWith('/idp/entitlementClaims/0'))).toBe(true);
  });
});
