// The system under benchmark, in its own process (so the load generator does not take its
// CPU): the whole embedded system on an ephemeral port, with a registered client, a
// signed-in viewer (alice) with a Skyline profile and a warm decision cache, next to a
// bare Fastify server (the baselines: a JSON route and the same media bytes ungated).
// With BENCH_MVPD_URL, MVPD authorization calls go to that simulator (its own process).
// Prints the targets as one JSON line, then answers control commands (one JSON per line
// on stdin: seed profiles, mint media tokens) until killed.
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import Fastify from 'fastify';
import { deviceHash } from '../../src/server/context/device-hash.ts';
import { refreshSqliteStatistics } from '../../src/server/db/database.ts';
import { formatDeviceIdentifier } from '../../src/shared/device-identifier.ts';
import { MediaFiles } from '../../src/server/media/media-files.ts';
import { clientToken, idpSignIn, mvpdLogin, passHeaders, startTestSystem, testConfig } from '../../src/server/test-support/test-system.ts';
import { seedProfiles } from './seed-profiles.ts';

/** The MVPD whose answers the "asks the MVPD" scenario must not find cached. */
export const MISS_MVPD = 'MetroFiber';
const MISS_DEVICES = Number(process.env.BENCH_MISS_DEVICES ?? 20000);
const mvpdUrl = process.env.BENCH_MVPD_URL;

const config = testConfig((raw) => {
  // Cached answers for the miss scenario live 1 s: the devices cycle more slowly than that.
  raw.mvpds.find((m: { id: string }) => m.id === MISS_MVPD).authorizationTtlSeconds = 1;
  // One playback token serves the whole run's child playlist and segment URLs: it must not
  // reach half its life (when every request would renew it, a signature each) before the
  // media scenarios end, so neither it nor the playback session (its cap) runs out for hours.
  raw.tokens.playbackTokenTtlSeconds = 4 * 3600;
  raw.tokens.vodPlaybackTokenTtlSeconds = 4 * 3600;
  raw.tokens.livePlaybackTokenTtlSeconds = 4 * 3600; // news-24 is a live channel
});
const sys = await startTestSystem(config, {
  wrapMvpdFetch: (inProcess) =>
    ((input: string | URL | Request, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (mvpdUrl && url.endsWith('/api/authorize')) return fetch(`${mvpdUrl}/api/authorize`, init);
      return inProcess(input, init);
    }) as typeof fetch,
});
const token = await clientToken(sys);
const viewer = await idpSignIn(sys, 'alice');
const device = 'bench-device-0001';
const headers = passHeaders(token, device, viewer.accessToken);
await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
const jsonHeaders = { ...headers, 'content-type': 'application/json' };
const sp = config.requestor.id;
// Warm: the first decision asks the MVPD; the benchmark measures the steady state.
const preResources = ['news-24', 'sports-one', 'late-movie', 'premium-doc', 'trailer'];
await sys.app.inject({ method: 'POST', url: `/api/v2/${sp}/decisions/preauthorize/Skyline`, headers: jsonHeaders, payload: { resources: preResources } });
const first = await sys.app.inject({ method: 'POST', url: `/api/v2/${sp}/decisions/authorize/Skyline`, headers: jsonHeaders, payload: { resources: ['news-24'] } });
const mediaToken = first.json().decisions[0].token.serializedToken as string;
const master = await sys.app.inject({ url: `/media/news-24/master.m3u8?token=${mediaToken}&device=${device}` });
const child = master.body.split('\n').find((l) => l.startsWith('360p.m3u8'))!;
// Playback tokens are bound to the device: every child request names it (the player adds it).
const childList = await sys.app.inject({ url: `/media/news-24/${child}&device=${device}` });
const segment = childList.body.split('\n').find((l) => l.includes('.ts'))!;

// Devices signed in to the miss MVPD (device-bound profiles, no SSO): each asks once per cycle.
await seedProfiles(config, { prefix: 'bench-miss-', from: 0, to: MISS_DEVICES, mvpd: MISS_MVPD, upstreamUserId: 'metro-all', withSso: false });
// The seed's ANALYZE ran on its own connection: do now what the server's maintenance tick
// does within a minute (refreshSqliteStatistics), so the runs measure the steady state.
refreshSqliteStatistics(sys.ctx.db);
let seeded = 0;
// The miss scenario must measure real MVPD answers: one decision, checked before any load.
{
  const probe = await sys.app.inject({
    method: 'POST',
    url: `/api/v2/${sp}/decisions/authorize/${MISS_MVPD}`,
    headers: { authorization: headers.authorization!, 'ap-device-identifier': formatDeviceIdentifier('bench-miss-0'), 'content-type': 'application/json' },
    payload: { resources: ['news-24'] },
  });
  const trace = probe.json().trace?.[0];
  if (probe.json().decisions?.[0]?.authorized !== true || trace?.mvpd?.answer !== 'Permit') throw new Error(`miss scenario not answered by the MVPD: ${probe.body.slice(0, 300)}`);
}

// Baselines: the same framework with no Playgate work, and the same bytes with no gate.
const bare = Fastify();
const files = new MediaFiles('media', new Set(['news-24']));
bare.get('/bare', async () => ({ ok: true }));
// The ceiling of any authorize on this machine: the same bare route plus the one thing every
// Permit must do, sign a media token (Playgate's TokenService: jose, ES256), nothing else.
const signClaims = { sub: 'u'.repeat(32), resource: 'news-24', requestor: sp, mvpd: 'Skyline', did: deviceHash(device) };
bare.get('/bare-signed', async () => ({ token: (await sys.ctx.tokens.sign('media', signClaims, 300)).token }));
// The same response without the gate: the bytes with the media headers the gatekeeper sends
// for them (as any static file server would), no token, no device, none of Playgate's hooks.
bare.get('/ungated/:file', async (request, reply) => {
  const file = (request.params as { file: string }).file;
  const bytes = await files.read('news-24', file);
  if (!file.endsWith('.ts')) return reply.header('content-type', 'application/vnd.apple.mpegurl').header('cache-control', 'no-store').send(bytes);
  return reply.header('content-type', 'video/mp2t').header('cache-control', 'private, max-age=3600').header('accept-ranges', 'bytes').send(bytes);
});

const appAddress = await sys.app.listen({ port: 0, host: '127.0.0.1' });
const bareAddress = await bare.listen({ port: 0, host: '127.0.0.1' });
const fileOf = (line: string) => line.split('?')[0]!.split('/').pop()!;
process.stdout.write(
  `${JSON.stringify({
    app: appAddress,
    bare: bareAddress,
    database: config.database?.url ? 'postgresql' : 'sqlite',
    headers: jsonHeaders,
    authorize: { path: `/api/v2/${sp}/decisions/authorize/Skyline`, body: JSON.stringify({ resources: ['news-24'] }) },
    preauthorize: { path: `/api/v2/${sp}/decisions/preauthorize/Skyline`, body: JSON.stringify({ resources: preResources }) },
    miss: {
      path: `/api/v2/${sp}/decisions/authorize/${MISS_MVPD}`,
      body: JSON.stringify({ resources: ['news-24'] }),
      authorization: headers.authorization,
      devices: MISS_DEVICES,
      devicePrefix: 'bench-miss-',
    },
    profiles: { path: `/api/v2/${sp}/profiles` },
    master: { path: '/media/news-24/master.m3u8', device },
    masterUngated: '/ungated/master.m3u8',
    child: `/media/news-24/${child}&device=${device}`,
    childUngated: `/ungated/${fileOf(child)}`,
    segment: `/media/news-24/${segment.replace(/^\/media\/news-24\//, '')}&device=${device}`,
    segmentUngated: `/ungated/${fileOf(segment)}`,
    mvpd: mvpdUrl ?? 'in-process',
  })}\n`,
);

// Control commands from the runner.
createInterface({ input: process.stdin }).on('line', (line) => {
  void (async () => {
    const cmd = JSON.parse(line) as { cmd: 'seed'; total: number } | { cmd: 'mint'; count: number; file: string };
    const started = performance.now();
    if (cmd.cmd === 'seed') {
      await seedProfiles(config, { prefix: 'bench-other-', from: seeded, to: cmd.total, mvpd: 'Skyline', upstreamUserId: 'sky-basic', withSso: true });
      seeded = Math.max(seeded, cmd.total);
      refreshSqliteStatistics(sys.ctx.db);
    } else {
      // The claims an authorize Permit puts in a media token (decision-service.ts), signed by the same service.
      const claims = { sub: 'bench', resource: 'news-24', requestor: sp, mvpd: 'Skyline', did: deviceHash(device) };
      const tokens: string[] = [];
      for (let i = 0; i < cmd.count; i++) tokens.push((await sys.ctx.tokens.sign('media', claims, 3600)).token);
      writeFileSync(cmd.file, `${tokens.join('\n')}\n`);
    }
    process.stdout.write(`${JSON.stringify({ ok: true, ms: Math.round(performance.now() - started) })}\n`);
  })().catch((err: unknown) => process.stdout.write(`${JSON.stringify({ ok: false, error: String(err) })}\n`));
});

const stop = async () => {
  await bare.close();
  await sys.dispose();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
