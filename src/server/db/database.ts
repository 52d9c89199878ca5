// Opens a database through Kysely and brings its schema up to date:
// - embedded default: SQLite (better-sqlite3), a file under the data directory. WAL +
//   synchronous=NORMAL: committed rows survive a process kill; readers never wait;
// - for scale: PostgreSQL (`DATABASE_URL`), optionally in its own schema.
// The same queries and migrations run on both.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config/schema.ts';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, Migrator, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDialectConfig } from 'kysely';
import { ScopedPostgresDialect } from './scoped-postgres-dialect.ts';
import { migrationProvider } from './migrations.ts';
import { startCheckpointer } from './sqlite-checkpointer.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string | undefined };

// Epoch-millisecond columns are BIGINT; they fit a JS number, so read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Where Playgate's own store is: PostgreSQL when `database.url` is set, else SQLite (`database.file` or dataDir/playgate.sqlite). */
export function apiDatabaseTarget(config: Config): DatabaseTarget {
  if (config.database?.url) return { kind: 'postgres', url: config.database.url, schema: config.database.schema };
  return { kind: 'sqlite', file: config.database?.file ? resolve(config.database.file) : join(config.dataDir, 'playgate.sqlite') };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDatabase(target: DatabaseTarget): Promise<Db> {
  const db = target.kind === 'sqlite' ? openSqlite(target.file) : await openPostgres(target.url, target.schema);
  // Qualify Kysely's own tables: its introspection would otherwise see another schema's.
  await migrate(db, target.kind === 'postgres' ? target.schema : undefined);
  // Samples an earlier ANALYZE left would slow every hot read (see refreshSqliteStatistics);
  // no ANALYZE here: on a big file it would delay /readyz after a restart.
  refreshSqliteStatistics(db, { optimize: false });
  return db;
}

/** The better-sqlite3 handle behind a SQLite `Db`, for the hot path's prepared statements. */
const sqliteHandles = new WeakMap<Db, SQLite.Database>();
const preparedByHandle = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/**
 * A synchronous prepared statement on the SQLite file behind `db`, prepared once and reused;
 * undefined on PostgreSQL. Why: Kysely re-prepares every query and awaits several promise
 * hops even on better-sqlite3, which costs more than the indexed read itself (see the
 * README's benchmark section). Only the hot point reads and the audit insert use this.
 * Undefined too while a Kysely transaction is open on the connection: a statement run now
 * would land inside it, so the caller goes through Kysely, which waits for it to finish.
 */
export function sqliteStatement(db: Db, sql: string): SQLite.Statement | undefined {
  const handle = sqliteHandles.get(db);
  if (!handle || handle.inTransaction) return undefined;
  let cache = preparedByHandle.get(handle);
  if (!cache) preparedByHandle.set(handle, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = handle.prepare(sql)));
  return stmt;
}

/**
 * A hot point read written once in SQL (`?` placeholders, portable SQL only): a synchronous
 * prepared statement on SQLite; on PostgreSQL the same text with `$n` placeholders, sent
 * without going through Kysely's query builder and compiler (both cost more per request
 * than the indexed read). Other queries keep using Kysely.
 */
export function hotRows<Row>(db: Db, sql: string, params: unknown[]): Row[] | Promise<Row[]> {
  const stmt = sqliteStatement(db, sql);
  if (stmt) return stmt.all(...params) as Row[];
  const pool = pgPools.get(db);
  if (pool) {
    // A named statement: each pooled connection parses and plans it once, not per request,
    // and the pool is asked directly (no Kysely connection hand-off, fewer promise hops).
    const named = namedStatement(sql);
    return pool.query<Row & pg.QueryResultRow>({ name: named.name, text: named.text, values: params }).then((r) => r.rows);
  }
  // SQLite inside a Kysely transaction, or a transaction's handle: through Kysely.
  return db.executeQuery<Row>(CompiledQuery.raw(sqliteHandles.has(db) ? sql : namedStatement(sql).text, params)).then((r) => r.rows);
}

/**
 * A statement sent straight to the PostgreSQL pool (`$n` placeholders), without Kysely's
 * builder and compiler; undefined when `db` is not PostgreSQL's root handle. For writes
 * whose SQL is built once per shape (the audit group commit's multi-row insert).
 */
export function pgExecute(db: Db, text: string, params: unknown[]): Promise<unknown> | undefined {
  return pgPools.get(db)?.query(text, params);
}

/** The pool behind a PostgreSQL `Db` (the root handle only: a transaction's is not here). */
const pgPools = new WeakMap<Db, pg.Pool>();
const namedStatements = new Map<string, { name: string; text: string }>();

/** `?` placeholders as `$n`, and a stable statement name per SQL text. */
function namedStatement(sql: string): { name: string; text: string } {
  let named = namedStatements.get(sql);
  if (!named) {
    let n = 0;
    named = { name: `playgate_hot_${namedStatements.size + 1}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    namedStatements.set(sql, named);
  }
  return named;
}

/**
 * Keeps the SQLite planner's statistics fresh without the per-value samples the hot reads
 * cannot afford: `PRAGMA optimize` (ANALYZE where row counts moved, bounded work since
 * SQLite 3.46), then the `sqlite_stat4` samples are dropped and this connection reloads the
 * statistics and forgets its prepared statements. Why: better-sqlite3 is built with STAT4,
 * and once samples exist SQLite re-plans a prepared statement each time a parameter the
 * planner sampled is bound again — every call on the hot path. Measured on the bench's
 * file: a profile read 25–34 µs with samples, 7–11 µs without; in the server under load
 * 66 µs per read, 11 % of all CPU in sqlite3Reprepare (perf). stat1's averages plan our
 * indexed point reads just as well. Another connection's ANALYZE (an operator's, the
 * bench's bulk seed) reaches this connection at the next call, from the maintenance tick.
 * No-op on PostgreSQL.
 */
export function refreshSqliteStatistics(db: Db, opts: { optimize?: boolean } = {}): void {
  const handle = sqliteHandles.get(db);
  if (!handle || handle.inTransaction) return;
  if (opts.optimize !== false) handle.pragma('optimize');
  const hasSamples = handle.prepare("select 1 from sqlite_schema where name = 'sqlite_stat4'").get() && handle.prepare('select 1 from sqlite_stat4 limit 1').get();
  if (!hasSamples) return;
  handle.exec('delete from sqlite_stat4; analyze sqlite_schema');
  // A statement prepared while samples were loaded keeps re-planning: prepare afresh.
  preparedByHandle.delete(handle);
}

/** Whether `db` is the SQLite store (for the few queries whose best form differs by dialect). */
export function isSqlite(db: Db): boolean {
  return sqliteHandles.has(db);
}

/** Runs `fn` in one SQLite transaction (synchronous); undefined on PostgreSQL or inside a Kysely transaction. */
export function sqliteTransaction(db: Db): ((fn: () => void) => void) | undefined {
  const handle = sqliteHandles.get(db);
  return handle && !handle.inTransaction ? (fn) => handle.transaction(fn)() : undefined;
}

/** What the connection pool behind a `Db` is doing now (read at scrape time by /metrics). */
export interface DatabasePoolUse {
  kind: 'sqlite' | 'postgres';
  /** Connections the pool may open (SQLite: its one connection). */
  max: number;
  inUse: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  /** Seconds connections were held by queries and transactions since the pool opened (rate() of it: how busy the pool is). */
  busySeconds: number;
}
const poolUse = new WeakMap<Db, () => DatabasePoolUse>();

/** The pool use of `db`; undefined for a `Db` not opened by openDatabase. */
export function databasePoolUse(db: Db): DatabasePoolUse | undefined {
  return poolUse.get(db)?.();
}

/**
 * Kysely's SQLite driver, metered: its one connection is a pool of one behind a mutex, so
 * in use, waiting and held time mean the same as PostgreSQL's. Only queries through Kysely
 * pass here; the hot path's synchronous prepared statements (sqliteStatement) hold the
 * event loop itself, which nodejs_eventloop_lag already shows. Cost: two clock reads and a
 * few increments per query.
 */
class MeteredSqliteDriver extends SqliteDriver {
  readonly use: DatabasePoolUse = { kind: 'sqlite', max: 1, inUse: 0, idle: 1, waiting: 0, busySeconds: 0 };
  private heldSince = 0;
  override async acquireConnection(): Promise<DatabaseConnection> {
    this.use.waiting++;
    try {
      const connection = await super.acquireConnection();
      this.use.inUse = 1;
      this.use.idle = 0;
      this.heldSince = performance.now();
      return connection;
    } finally {
      this.use.waiting--;
    }
  }
  override async releaseConnection(): Promise<void> {
    this.use.busySeconds += (performance.now() - this.heldSince) / 1000;
    this.use.inUse = 0;
    this.use.idle = 1;
    return super.releaseConnection();
  }
}
class MeteredSqliteDialect extends SqliteDialect {
  readonly driver: MeteredSqliteDriver;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.driver = new MeteredSqliteDriver(config);
  }
  override createDriver(): MeteredSqliteDriver {
    return this.driver;
  }
}

function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Reads through a memory map and a 64 MiB page cache (the default is 2 MiB): the audit
  // table and its random-key indexes outgrow 2 MiB within minutes of a live event, and each
  // page missed there was a pread() on the request path (authorize p99 at 50 connections:
  // 142–149 ms → 72–77 ms, two A/B runs). SQLite still writes through the WAL, not the map.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('mmap_size = 268435456');
  const dialect = new MeteredSqliteDialect({ database: sqlite });
  const db = new Kysely<Database>({ dialect });
  sqliteHandles.set(db, sqlite);
  poolUse.set(db, () => ({ ...dialect.driver.use }));
  if (file === ':memory:') return db;
  // Checkpoints off the event loop (see sqlite-checkpointer.ts); stopped before the file closes.
  sqlite.pragma('wal_autocheckpoint = 0');
  const checkpointer = startCheckpointer(file);
  const destroy = db.destroy.bind(db);
  db.destroy = async () => {
    await checkpointer.stop();
    await destroy();
  };
  return db;
}

async function openPostgres(url: string, schema: string | undefined): Promise<Db> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
  if (schema) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await client.end();
    }
  }
  const max = 20;
  const pool = new pg.Pool({ connectionString: url, max, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  const db = new Kysely<Database>({ dialect: new ScopedPostgresDialect({ pool }) });
  // Held time from the pool's own acquire/release events (a clock read each).
  const heldSince = new WeakMap<pg.PoolClient, number>();
  let busySeconds = 0;
  pool.on('acquire', (client) => heldSince.set(client, performance.now()));
  pool.on('release', (_err, client) => {
    const since = heldSince.get(client);
    if (since !== undefined) busySeconds += (performance.now() - since) / 1000;
  });
  poolUse.set(db, () => ({ kind: 'postgres', max, inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount, busySeconds }));
  pgPools.set(db, pool);
  return db;
}

export async function migrate(db: Db, schema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
}
