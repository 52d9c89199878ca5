// Starts the embedded system on its three ports, prints where to go, and shuts down
// cleanly on SIGINT/SIGTERM.
import { loadConfig, ConfigError } from './config/load-config.ts';
import { productionProblems } from './config/production-check.ts';
import { buildSystem, type System } from './system.ts';
import { printBanner } from './banner.ts';

export interface StartOptions {
  spaDir?: string | null;
  /** Last chance to add hooks (the dev server adds Vite) before the ports open. */
  beforeListen?: (system: System) => Promise<void>;
}

export async function start(opts: StartOptions = {}): Promise<System> {
  const config = loadConfig();
  if (process.env.NODE_ENV === 'production') {
    const problems = productionProblems(config, process.env);
    if (problems.length > 0) throw new ConfigError('environment (NODE_ENV=production refuses demo secrets and dev stand-ins)', problems);
  }
  const logger = { level: process.env.LOG_LEVEL ?? 'info' };
  const system = await buildSystem(config, {
    logger,
    // One JSON line per notice, like the app's own log lines (key import, dev KEK, key reloads).
    log: (msg, detail) => console.warn(JSON.stringify({ level: 40, time: Date.now(), msg, ...detail })),
    ...(opts.spaDir !== undefined ? { spaDir: opts.spaDir } : {}),
  });
  await opts.beforeListen?.(system);
  const host = process.env.PLAYGATE_HOST ?? '127.0.0.1';
  if (system.idp) await system.idp.listen({ port: config.idp.port, host });
  if (system.mvpd) await system.mvpd.listen({ port: config.mvpdSimulator.port, host });
  await system.app.listen({ port: config.app.port, host });
  if (config.idp.embedded || config.mvpdSimulator.embedded) {
    system.app.log.warn('DEV STAND-INS RUNNING: the embedded identity provider and MVPD simulator are for demos and tests, not production');
  }
  printBanner(config);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    system.app.log.info({ signal }, 'shutting down');
    await system.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  return system;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  start().catch((err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
}
