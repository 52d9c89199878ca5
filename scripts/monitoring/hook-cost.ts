// What the monitoring adds to one request, measured on the functions the hooks call (no
// server, no network: the figure is the CPU the hooks themselves cost): the HTTP histogram,
// the decision listener (counters + MVPD latency histogram) and the conformance check, for
// an authorize request that decided one resource.
//   node --import tsx scripts/monitoring/hook-cost.ts
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../src/server/config/load-config.ts';
import { PlaygateMetrics } from '../../src/server/monitoring/metrics.ts';
import { ConformanceCheck } from '../../src/server/monitoring/conformance/conformance-check.ts';
import { formatDeviceIdentifier } from '../../src/shared/device-identifier.ts';
import type { AuditEntry } from '../../src/server/entitlement/decision-audit.ts';

const config = parseConfig(JSON.parse(readFileSync('playgate.config.json', 'utf8')), 'config');
const metrics = new PlaygateMetrics(config);
const conformance = new ConformanceCheck({ config } as never, metrics);
// A client access token's shape (decoded for attribution only, never verified here).
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
// One client (and token) per device, as a conforming app has: no warning is raised.
const TOKENS = Array.from({ length: 1000 }, (_, d) => `${b64({ alg: 'ES256', typ: 'at+jwt' })}.${b64({ client_id: `client-${d}`, requestor: 'PLAYGATE' })}.c2ln`);
const route = '/api/v2/:serviceProvider/decisions/authorize/:mvpd';
const N = 300_000;
let i = 0;
const entry = (trace: string): AuditEntry => ({ trace, requestor: 'PLAYGATE', mvpd: 'Skyline', resource: 'news-24', deviceHash: 'h', kind: 'authorize', result: { decision: 'Permit', source: 'mvpd', trace: { rule: 'mvpd', mvpd: { answer: 'Permit', latencyMs: 12 } } } });
const HEADERS = Array.from({ length: 1000 }, (_, d) => formatDeviceIdentifier(`device-${d}`));
const request = () => ({
  id: `trace${i}`,
  method: 'POST',
  url: '/api/v2/PLAYGATE/decisions/authorize/Skyline',
  routeOptions: { url: route },
  params: { serviceProvider: 'PLAYGATE', mvpd: 'Skyline' },
  headers: { authorization: `Bearer ${TOKENS[i % 1000]!}`, 'ap-device-identifier': HEADERS[i % 1000]! },
});
const reply = { statusCode: 200, elapsedTime: 3.2 };

function run(label: string, fn: () => void) {
  for (let w = 0; w < 20_000; w++) fn();
  const best: number[] = [];
  for (let r = 0; r < 5; r++) {
    const s = process.hrtime.bigint();
    for (let k = 0; k < N; k++) fn();
    best.push(Number(process.hrtime.bigint() - s) / N);
  }
  console.log(`${label.padEnd(44)} best ${Math.min(...best).toFixed(0).padStart(5)} ns per request  (runs: ${best.map((b) => b.toFixed(0)).join(', ')})`);
}

run('HTTP histogram (onResponse)', () => metrics.observeRequest('POST', route, 200, 3.2));
run('decision listener (1 resource)', () => {
  const e = [entry(`trace${i}`)];
  metrics.observeDecisions(e);
});
run('conformance check (authorize, 1 resource)', () => {
  i++;
  const req = request();
  conformance.decided([entry(req.id)]);
  conformance.observe(req as never, reply as never);
});
run('all three (one authorize request)', () => {
  i++;
  const req = request();
  const e = [entry(req.id)];
  metrics.observeDecisions(e);
  conformance.decided(e);
  metrics.observeRequest('POST', route, 200, 3.2);
  conformance.observe(req as never, reply as never);
});
run('a route outside /api/v2 (e.g. a media segment)', () => {
  metrics.observeRequest('GET', '/media/:resource/:file', 200, 0.4);
  conformance.observe({ routeOptions: { url: '/media/:resource/:file' } } as never, reply as never);
});
console.log(`conformance warnings raised during the runs: ${(metrics.conformanceWarnings.get().values as Array<{ value: number }>).reduce((a, v) => a + v.value, 0)}`);
process.exit(0);
