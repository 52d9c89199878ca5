// Profiling aid: runs authorize decisions in a loop (in process) for `node --cpu-prof`.
import { clientToken, idpSignIn, mvpdLogin, passHeaders, startTestSystem } from '../../src/server/test-support/test-system.ts';

const sys = await startTestSystem();
const token = await clientToken(sys);
const viewer = await idpSignIn(sys, 'alice');
const headers = passHeaders(token, 'prof-device-01', viewer.accessToken);
await mvpdLogin(sys, headers, 'Skyline', 'sky-basic');
const req = { method: 'POST' as const, url: '/api/v2/PLAYGATE/decisions/authorize/Skyline', headers: { ...headers, 'content-type': 'application/json' }, payload: { resources: ['news-24'] } };
const n = Number(process.env.N ?? 2000);
const t = performance.now();
for (let i = 0; i < n; i++) await sys.app.inject(req);
console.log(`${((performance.now() - t) / n).toFixed(3)} ms per authorize`);
await sys.dispose();
