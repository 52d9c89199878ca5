// The system under benchmark, in its own process (so the load generator does not take
// its CPU): the whole embedded system on an ephemeral port, prepared with a registered
// client, a signed-in viewer with an MVPD profile and a warm decision cache, next to a
// bare Fastify JSON route and an ungated copy of a media segment. Prints the targets as
// one JSON line, then serves until killed.
import Fastify from 'fastify';
import { MediaFiles } from '../../src/server/media/media-files.ts';
import { clientToken, idpSignIn, mvpdLogin, passHeaders, startTestSystem } from '../../src/server/test-support/test-system.ts';

const sys = await startTestSystem();
const token = await clientToken(sys);
const viewer = await idpSignIn(sys, 'alice');
const device = 'bench-device-0001';
const headers = passHeaders(token, device, viewer.accessToken);
await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
const authorize = { method: 'POST' as const, url: '/api/v2/PLAYGATE/decisions/authorize/Skyline', headers: { ...headers, 'content-type': 'application/json' }, payload: { resources: ['trailer'] } };
// Warm: the first decision asks the MVPD; the benchmark measures the steady state.
const first = await sys.app.inject({ ...authorize, payload: { resources: ['news-24'] } });
const mediaToken = first.json().decisions[0].token.serializedToken as string;
const master = await sys.app.inject({ url: `/media/news-24/master.m3u8?token=${mediaToken}&device=${device}` });
const child = master.body.split('\n').find((l) => l.startsWith('360p.m3u8'))!;
const childList = await sys.app.inject({ url: `/media/news-24/${child}` });
const segment = childList.body.split('\n').find((l) => l.includes('.ts'))!;

// Baselines: the same framework with no Playgate work, and the same bytes with no gate.
const bare = Fastify();
const files = new MediaFiles('media', new Set(['news-24']));
bare.get('/bare', async () => ({ ok: true }));
bare.get('/ungated/:file', async (request, reply) => {
  const bytes = await files.read('news-24', (request.params as { file: string }).file);
  return reply.header('content-type', 'video/mp2t').send(bytes);
});

const appAddress = await sys.app.listen({ port: 0, host: '127.0.0.1' });
const bareAddress = await bare.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(
  `${JSON.stringify({
    bare: `${bareAddress}/bare`,
    authorize: { url: `${appAddress}${authorize.url}`, headers: authorize.headers, body: JSON.stringify({ resources: ['news-24'] }) },
    gatedSegment: `${appAddress}/media/news-24/${segment.replace(/^\/media\/news-24\//, '')}`,
    ungatedSegment: `${bareAddress}/ungated/${segment.split('?')[0]!.split('/').pop()}`,
    database: sys.config.database?.url ? 'postgresql' : 'sqlite',
  })}\n`,
);

const stop = async () => {
  await bare.close();
  await sys.dispose();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
