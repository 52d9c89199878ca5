// WAL checkpoints of a SQLite file, off the event loop. SQLite's automatic checkpoint runs
// inside whichever commit crosses 1,000 WAL pages and fsyncs the database file there: on a
// busy disk that one commit took 70–550 ms, stalling every request behind it (the p99 of the
// bench). So the serving connection turns it off and a worker thread with its own
// connection runs a PASSIVE checkpoint every `intervalMs` (default: 1 s), which never
// blocks the writer or readers; SQLite restarts the WAL from the top after a full one.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 100');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} db.close(); process.exit(0); });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, intervalMs = 1000): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, intervalMs, module: createRequire(import.meta.url).resolve('better-sqlite3') } });
  worker.unref();
  return {
    async stop() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('stop');
      await exited;
    },
  };
}
