// Bulk seeding of stored profiles for the bench: other viewers' rows, so profile reads can
// be timed at 1,000 and at 1,000,000 rows. SQLite: one transaction, one prepared statement
// (a second connection to the same WAL file); PostgreSQL: one INSERT … SELECT generate_series.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../../src/server/config/schema.ts';
import { join } from 'node:path';

export interface SeedSpec {
  /** Device ids are `${prefix}${i}` for i in [from, to). */
  prefix: string;
  from: number;
  to: number;
  mvpd: string;
  upstreamUserId: string;
  /** With an SSO subject per row (`${prefix}${i}`), like publisher-SSO viewers; else device-only. */
  withSso: boolean;
}

export async function seedProfiles(config: Config, spec: SeedSpec): Promise<void> {
  const now = Date.now();
  const notAfter = now + 30 * 24 * 3600 * 1000;
  const attributes = JSON.stringify({ userID: 'seeded', householdID: 'hh-seeded', zip: '10001' });
  if (spec.to <= spec.from) return;
  if (config.database?.url) {
    const client = new pg.Client({ connectionString: config.database.url, ...(config.database.schema ? { options: `-c search_path=${config.database.schema}` } : {}) });
    await client.connect();
    try {
      await client.query(
        `insert into profiles (id, requestor, mvpd, device_id, sso_issuer, sso_subject, issuer, upstream_user_id, attributes, auth_code, not_before, not_after, created_at)
         select 'seed-' || $1 || i, $2, $3, $1 || i, case when $4 then $5 end, case when $4 then $1 || i end, $5, $6, $7, 'seedcode-' || $1 || i, $8, $9, $8
         from generate_series($10::int, $11::int - 1) as i`,
        [spec.prefix, config.requestor.id, spec.mvpd, spec.withSso, config.idp.issuer, spec.upstreamUserId, attributes, now, notAfter, spec.from, spec.to],
      );
      await client.query('analyze profiles');
    } finally {
      await client.end();
    }
    return;
  }
  const db = new SQLite(join(config.dataDir, 'playgate.sqlite'));
  db.pragma('busy_timeout = 10000');
  try {
    const insert = db.prepare(
      `insert into profiles (id, requestor, mvpd, device_id, sso_issuer, sso_subject, issuer, upstream_user_id, attributes, auth_code, not_before, not_after, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = spec.from; i < spec.to; i++) {
        const device = `${spec.prefix}${i}`;
        insert.run(`seed-${device}`, config.requestor.id, spec.mvpd, device, spec.withSso ? config.idp.issuer : null, spec.withSso ? device : null, config.idp.issuer, spec.upstreamUserId, attributes, `seedcode-${device}`, now, notAfter, now);
      }
    })();
    db.exec('analyze');
  } finally {
    db.close();
  }
}
