// Starts Playgate and shuts it down cleanly. PLAYGATE_ROLE picks what this process runs:
//   all (default)  the app and the embedded IdP and MVPD simulator, on three ports;
//   api            the app only — one of N instances behind a load balancer;
//   standins       the IdP and MVPD simulator only — once, beside the cluster.
// On SIGTERM/SIGINT the app drains (readyz 503, still serving, PLAYGATE_DRAIN_SECONDS,
// default 10 s for role api, 0 for all) before it closes, so a rolling restart loses no request.
import { hostname } from 'node:os';
import { loadConfig, ConfigError } from './config/load-config.ts';
import { productionProblems } from './config/production-check.ts';
import { buildStandIns, buildSystem, type System } from './system.ts';
import { printBanner } from './banner.ts';
import { drainMsFromEnv, drainThenClose, Lifecycle } from './lifecycle/lifecycle.ts';

export interface StartOptions {
  spaDir?: string | null;
  /** Last chance to add hooks (the dev server adds Vite) before the ports open. */
  beforeListen?: (system: System) => Promise<void>;
}

type Role = 'all' | 'api' | 'standins';

function roleFromEnv(): Role {
  const role = process.env.PLAYGATE_ROLE ?? 'all';
  if (role !== 'all' && role !== 'api' && role !== 'standins') throw new ConfigError('environment', [`PLAYGATE_ROLE: must be all, api or standins, got "${role}"`]);
  return role;
}

/** One JSON line per notice, like the app's own log lines (key import, dev KEK, key reloads, drain). */
const notice = (msg: string, detail?: object) => console.warn(JSON.stringify({ level: 40, time: Date.now(), msg, ...detail }));

export async function start(opts: StartOptions = {}): Promise<System | null> {
  const config = loadConfig();
  const role = roleFromEnv();
  if (process.env.NODE_ENV === 'production') {
    const problems = productionProblems(config, process.env);
    if (problems.length > 0) throw new ConfigError('environment (NODE_ENV=production refuses demo secrets and dev stand-ins)', problems);
  }
  const host = process.env.PLAYGATE_HOST ?? '127.0.0.1';
  const logger = { level: process.env.LOG_LEVEL ?? 'info' };
  let closing = false;
  const onSignal = (close: (signal: string) => Promise<void>) => {
    const handler = (signal: string) => {
      if (closing) return;
      closing = true;
      close(signal).then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => handler('SIGINT'));
    process.on('SIGTERM', () => handler('SIGTERM'));
  };

  if (role === 'standins') {
    const standIns = await buildStandIns(config, { logger });
    if (standIns.idp) await standIns.idp.listen({ port: config.idp.port, host });
    if (standIns.mvpd) await standIns.mvpd.listen({ port: config.mvpdSimulator.port, host });
    notice('DEV STAND-INS RUNNING: the embedded identity provider and MVPD simulator are for demos and tests, not production');
    onSignal(() => standIns.close());
    return null;
  }

  const lifecycle = new Lifecycle();
  const system = await buildSystem(config, {
    logger,
    log: notice,
    standIns: role === 'all',
    instanceId: process.env.PLAYGATE_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    lifecycle,
    ...(opts.spaDir !== undefined ? { spaDir: opts.spaDir } : {}),
  });
  await opts.beforeListen?.(system);
  if (system.idp) await system.idp.listen({ port: config.idp.port, host });
  if (system.mvpd) await system.mvpd.listen({ port: config.mvpdSimulator.port, host });
  await system.app.listen({ port: config.app.port, host });
  if (system.idp || system.mvpd) {
    system.app.log.warn('DEV STAND-INS RUNNING: the embedded identity provider and MVPD simulator are for demos and tests, not production');
  }
  if (role === 'all') printBanner(config);
  onSignal(async (signal) => {
    system.app.log.info({ signal }, 'shutting down');
    await drainThenClose(lifecycle, () => system.close(), { drainMs: drainMsFromEnv(process.env, role === 'api' ? 10_000 : 0), log: (msg, d) => system.app.log.info(d ?? {}, msg) });
  });
  return system;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  start().catch((err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
}
