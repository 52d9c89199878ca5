// Drives wrk (one thread, C connections) with a generated Lua script and reads its
// figures back as JSON. A scenario is a method, a path, headers, a body, and optionally
// a file of values cycled one per request (fresh media tokens, device headers).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WrkScenario {
  base: string;
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** One value per request, in order, cycled: substituted for `{item}` in the path or in a header value. */
  items?: string[];
}

export interface WrkResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

const dir = mkdtempSync(join(tmpdir(), 'playgate-bench-'));
let n = 0;
const lua = (s: string) => JSON.stringify(s); // a JSON string literal is a valid Lua string literal for ASCII

/** Installs wrk from Debian's packages when missing (as root), or says how. */
export function ensureWrk(): void {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return;
  } catch (err) {
    // wrk --version exits 1 even when present; only ENOENT means missing.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return;
  }
  if (process.getuid?.() !== 0) throw new Error('wrk is not installed: run `apt-get install -y wrk` (Debian/Ubuntu) or `brew install wrk`, then npm run bench again');
  console.log('==> installing wrk (apt-get)');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'wrk'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export function runWrk(s: WrkScenario, opts: { seconds: number; connections: number }): Promise<WrkResult> {
  const id = n++;
  const itemsFile = join(dir, `items-${id}.txt`);
  if (s.items) writeFileSync(itemsFile, `${s.items.join('\n')}\n`);
  const headerLines = Object.entries(s.headers ?? {})
    .map(([k, v]) => `  h[${lua(k)}] = (${lua(v)}):gsub("{item}", item)`)
    .join('\n');
  const script = `
local items = {}
${s.items ? `for line in io.lines(${lua(itemsFile)}) do items[#items + 1] = line end` : ''}
local i = 0
request = function()
  local item = ""
  if #items > 0 then i = i + 1; item = items[((i - 1) % #items) + 1] end
  local h = {}
${headerLines}
  local path = (${lua(s.path)}):gsub("{item}", item)
  return wrk.format(${lua(s.method ?? 'GET')}, path, h, ${s.body !== undefined ? lua(s.body) : 'nil'})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50Us":%d,"p99Us":%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(99)))
end
`;
  const scriptFile = join(dir, `scenario-${id}.lua`);
  writeFileSync(scriptFile, script);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t1', `-c${opts.connections}`, `-d${opts.seconds}s`, '--timeout', '10s', '-s', scriptFile, s.base], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('WRKJSON '));
      if (!line) return reject(new Error(`wrk exited ${code} without figures:\n${out}`));
      const r = JSON.parse(line.slice(8)) as Record<string, number>;
      resolve({
        requests: r.requests!,
        rps: Math.round(r.requests! / (r.durationUs! / 1e6)),
        p50Ms: r.p50Us! / 1000,
        p99Ms: r.p99Us! / 1000,
        failures: r.connect! + r.read! + r.write! + r.status! + r.timeout!,
      });
    });
  });
}
