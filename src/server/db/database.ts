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
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
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

/** Runs `fn` in one SQLite transaction (synchronous); undefined on PostgreSQL or inside a Kysely transaction. */
export function sqliteTransaction(db: Db): ((fn: () => void) => void) | undefined {
  const handle = sqliteHandles.get(db);
  return handle && !handle.inTransaction ? (fn) => handle.transaction(fn)() : undefined;
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  sqliteHandles.set(db, sqlite);
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
  const pool = new pg.Pool({ connectionString: url, max: 20, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
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
