// The generated OpenAPI document (/docs/json) lists every /api/v2 and /o/client operation,
// covers every path of Adobe's restApiV2.json that Playgate implements, and /docs/ serves
// the HTML viewer.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../test-support/test-system.ts';

let sys: TestSystem;
let doc: { openapi: string; paths: Record<string, Record<string, unknown>> };
beforeAll(async () => {
  sys = await startTestSystem();
  const res = await sys.app.inject({ url: '/docs/json' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('application/json');
  doc = res.json();
});
afterAll(() => sys.dispose());

const OPERATIONS: Array<[string, string]> = [
  ['get', '/api/v2/{serviceProvider}/configuration'],
  ['post', '/api/v2/{serviceProvider}/sessions'],
  ['post', '/api/v2/{serviceProvider}/sessions/{code}'],
  ['get', '/api/v2/{serviceProvider}/sessions/{code}'],
  ['get', '/api/v2/authenticate/{serviceProvider}/{code}'],
  ['get', '/api/v2/{serviceProvider}/profiles'],
  ['get', '/api/v2/{serviceProvider}/profiles/{mvpd}'],
  ['get', '/api/v2/{serviceProvider}/profiles/code/{code}'],
  ['post', '/api/v2/{serviceProvider}/decisions/authorize/{mvpd}'],
  ['post', '/api/v2/{serviceProvider}/decisions/preauthorize/{mvpd}'],
  ['get', '/api/v2/{serviceProvider}/logout/{mvpd}'],
  ['post', '/o/client/register'],
  ['post', '/o/client/token'],
];

describe('/docs/json', () => {
  it('is an OpenAPI 3 document', () => {
    expect(doc.openapi).toMatch(/^3\./);
  });

  it.each(OPERATIONS)('lists %s %s', (method, path) => {
    expect(Object.keys(doc.paths)).toContain(path);
    expect(doc.paths[path]![method], `${method} ${path}`).toBeDefined();
  });

  it("covers every path of Adobe's restApiV2.json, the partner SSO flows included", () => {
    const adobe = JSON.parse(readFileSync(fileURLToPath(new URL('../test-support/fixtures/adobe-pass/restApiV2.json', import.meta.url)), 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const ours = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)));
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(adobe.paths)) {
      for (const method of Object.keys(ops)) if (!ours.has(`${method} /api/v2${path}`)) missing.push(`${method} ${path}`);
    }
    expect(missing).toEqual([]);
  });

  it('documents the path parameters of the Pass operations', () => {
    const op = doc.paths['/api/v2/{serviceProvider}/decisions/authorize/{mvpd}']!.post as { parameters?: Array<{ in: string; name: string }> };
    const names = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort();
    expect(names).toEqual(['mvpd', 'serviceProvider']);
  });
});

describe('/docs/', () => {
  it('serves the HTML viewer', async () => {
    const res = await sys.app.inject({ url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<html/i);
  });
});
