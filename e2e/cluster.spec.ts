// Through the load balancer only (project `cluster`): a media token spent on one instance is
// refused when replayed on the other, and the instances share one key set. Only the cluster
// project runs it (npm run test:cluster); the default projects ignore this file.
import { expect, test } from './fixtures.ts';

const PUBLISHER = 'Bearer dev-publisher-token-change-me-0001';
const DEVICE = 'cluster-device-0001';
const DEVICE_HEADER = `fingerprint ${Buffer.from(DEVICE).toString('base64')}`;

test('a media token spent on one instance is refused on the other', async ({ request }) => {
  const auth = await request.post('/sso/auths', { headers: { authorization: PUBLISHER }, data: { customerEmail: 'alice@example.com' } });
  expect(auth.status()).toBe(200);
  const jwt = (await auth.json()).jwt as string;
  // Round robin: ask until two playbacks came from different instances; play one's token on
  // whichever instance comes next and replay it until the *other* instance answers.
  const play = await request.get('/playback/v1/entry/premium-doc', { headers: { authorization: `Bearer ${jwt}`, 'ap-device-identifier': DEVICE_HEADER } });
  expect(play.status()).toBe(200);
  const hls = `${(await play.json()).playback.hls as string}&device=${DEVICE}`;
  const first = await request.get(hls);
  expect(first.status()).toBe(200);
  const spentOn = first.headers()['x-playgate-instance']!;
  let replayedOn = spentOn;
  let replay = first;
  for (let i = 0; i < 6 && replayedOn === spentOn; i++) {
    replay = await request.get(hls);
    replayedOn = replay.headers()['x-playgate-instance']!;
    expect(replay.status()).toBe(403);
  }
  expect(replayedOn).not.toBe(spentOn);
  expect(await replay.json()).toMatchObject({ code: 'media_token_replayed' });
});

test('every instance publishes the same keys and names itself', async ({ request }) => {
  const seen = new Map<string, string>();
  for (let i = 0; i < 6; i++) {
    const res = await request.get('/.well-known/jwks.json');
    seen.set(res.headers()['x-playgate-instance']!, JSON.stringify(await res.json()));
  }
  expect([...seen.keys()].sort()).toEqual(['api-1', 'api-2']);
  expect(new Set(seen.values()).size).toBe(1);
});
