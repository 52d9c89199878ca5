// The user-agent leg when the MVPD's login cannot be reached: a readable HTML page with
// a retryable code, never a 500.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientToken, passHeaders, startTestSystem, testConfig, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
beforeAll(async () => {
  // An MVPD simulator that is not embedded, at an address where nothing answers.
  sys = await startTestSystem(
    testConfig((raw) => {
      raw.mvpdSimulator.embedded = false;
      raw.mvpdSimulator.issuer = 'http://127.0.0.1:9';
    }),
  );
});
afterAll(() => sys.dispose());

it('answers an unreachable MVPD login with an HTML page and network_received_error', async () => {
  const headers = passHeaders(await clientToken(sys), 'device-unreach-01');
  const created = await sys.app.inject({
    method: 'POST',
    url: '/api/v2/PLAYGATE/sessions',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'mvpd=Skyline&domainName=localhost&redirectUrl=http%3A%2F%2Flocalhost%3A8080%2Fmvpd-done',
  });
  const res = await sys.app.inject({ url: created.json().url });
  expect(res.statusCode).toBe(403);
  expect(res.headers['content-type']).toContain('text/html');
  expect(res.body).toContain('network_received_error');
  expect(res.body).not.toMatch(/at .+\.ts:\d+/);
});
