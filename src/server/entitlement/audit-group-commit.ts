// Group commit of audit rows: rows of the requests that arrive while one commit is being
// written are collected and committed together in one transaction (SQLite: one prepared
// insert per row inside one transaction; PostgreSQL: one multi-row INSERT). Each request's
// promise settles only when its own rows are committed, so a response is never sent for a
// decision whose audit row is not durable (nothing lost on kill -9); a failed commit
// rejects every request of that batch.
import { pgExecute, sqliteStatement, sqliteTransaction, type Db } from '../db/database.ts';
import type { DecisionsAuditTable } from '../db/schema.ts';

/** At most this many rows per transaction (PostgreSQL caps bind parameters at 65,535). */
const MAX_BATCH_ROWS = 1000;
const COLUMNS = ['id', 'trace', 'requestor', 'mvpd', 'resource', 'device_id', 'decision', 'source', 'error_code', 'latency_ms', 'created_at', 'rule', 'trace_json', 'kind', 'platform'] as const;
const INSERT_SQL = `insert into decisions_audit (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`;

interface Waiting {
  rows: DecisionsAuditTable[];
  resolve(): void;
  reject(err: unknown): void;
}

export class AuditGroupCommit {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(private readonly db: Db) {}

  /** Resolves once `rows` are committed. */
  write(rows: DecisionsAuditTable[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      // Let this turn of the event loop add its rows too, then commit them at once.
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch: Waiting[] = [];
      let count = 0;
      while (this.queue.length > 0 && count < MAX_BATCH_ROWS) {
        const next = this.queue.shift()!;
        batch.push(next);
        count += next.rows.length;
      }
      try {
        await this.commit(batch.flatMap((w) => w.rows));
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.writing = false;
  }

  private async commit(rows: DecisionsAuditTable[]): Promise<void> {
    const stmt = sqliteStatement(this.db, INSERT_SQL);
    const transaction = sqliteTransaction(this.db);
    if (stmt && transaction) {
      transaction(() => {
        for (const r of rows) stmt.run(COLUMNS.map((c) => r[c] ?? null));
      });
      return;
    }
    // PostgreSQL: one multi-row insert, its text built once per row count.
    const params = rows.flatMap((r) => COLUMNS.map((c) => r[c] ?? null));
    const sent = pgExecute(this.db, pgInsertSql(rows.length), params);
    if (sent) return void (await sent);
    await this.db.insertInto('decisions_audit').values(rows).execute();
  }
}

/** Texts for the usual batch sizes are kept (a batch of 1,000 rows is ~100 KB of SQL: built each time). */
const pgInserts = new Map<number, string>();
const KEPT_INSERT_ROWS = 64;

/** `insert … values ($1, …, $15), ($16, …)` for `n` rows. */
function pgInsertSql(n: number): string {
  let text = pgInserts.get(n);
  if (!text) {
    const tuples = Array.from({ length: n }, (_, i) => `(${COLUMNS.map((_, j) => `$${i * COLUMNS.length + j + 1}`).join(', ')})`);
    text = `insert into decisions_audit (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`;
    if (n <= KEPT_INSERT_ROWS) pgInserts.set(n, text);
  }
  return text;
}

const writers = new WeakMap<Db, AuditGroupCommit>();

/** The one group-commit writer per database handle. */
export function auditWriter(db: Db): AuditGroupCommit {
  let w = writers.get(db);
  if (!w) writers.set(db, (w = new AuditGroupCommit(db)));
  return w;
}
