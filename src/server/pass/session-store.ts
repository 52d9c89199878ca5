// Authentication sessions: short unambiguous codes, valid for a configured time,
// persisted so any API instance can finish a login another one started.
import { randomInt } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { AuthSessionsTable } from '../db/schema.ts';

/** No 0/O, 1/I/L: a viewer may have to read a code off a TV screen. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 7;

export function newCode(): string {
  return codeSource();
}

/** Test hook: how codes are drawn (default: random). */
export let codeSource = randomCode;
export const setCodeSource = (f: () => string) => (codeSource = f);

export function randomCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

export type AuthSession = AuthSessionsTable;

export class SessionStore {
  constructor(private readonly db: Db) {}

  async create(values: Omit<AuthSession, 'code' | 'status' | 'oidc_state' | 'oidc_nonce' | 'pkce_verifier' | 'profile_id'>): Promise<AuthSession> {
    // A code is 7 of 31 symbols (~2.75e10): a collision is rare but possible, so draw again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const row: AuthSession = { ...values, code: newCode(), status: 'pending', oidc_state: null, oidc_nonce: null, pkce_verifier: null, profile_id: null };
      const res = await this.db.insertInto('auth_sessions').values(row).onConflict((oc) => oc.column('code').doNothing()).executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) === 1) return row;
    }
    throw new Error('no free authentication code after 5 attempts');
  }

  async findLive(requestor: string, code: string, now = Date.now()): Promise<AuthSession | undefined> {
    const row = await this.db.selectFrom('auth_sessions').selectAll().where('code', '=', code).where('requestor', '=', requestor).executeTakeFirst();
    return row && Number(row.not_after) > now ? normalize(row) : undefined;
  }

  /** Any session with this code, live or expired (to tell "expired" from "unknown"). */
  async findAny(requestor: string, code: string): Promise<AuthSession | undefined> {
    const row = await this.db.selectFrom('auth_sessions').selectAll().where('code', '=', code).where('requestor', '=', requestor).executeTakeFirst();
    return row ? normalize(row) : undefined;
  }

  /** Fills in parameters of a session that is still pending. */
  async resume(code: string, values: Pick<AuthSession, 'mvpd' | 'domain_name' | 'redirect_url'>): Promise<boolean> {
    const result = await this.db.updateTable('auth_sessions').set(values).where('code', '=', code).where('status', '=', 'pending').executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async findByState(state: string): Promise<AuthSession | undefined> {
    const row = await this.db.selectFrom('auth_sessions').selectAll().where('oidc_state', '=', state).executeTakeFirst();
    return row ? normalize(row) : undefined;
  }

  /** pending → authenticating; false when another request got there first. */
  async startLogin(code: string, login: { state: string; nonce: string; verifier: string }): Promise<boolean> {
    const result = await this.db
      .updateTable('auth_sessions')
      .set({ status: 'authenticating', oidc_state: login.state, oidc_nonce: login.nonce, pkce_verifier: login.verifier })
      .where('code', '=', code)
      .where('status', 'in', ['pending', 'authenticating'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** authenticating → authenticated, once: a replayed callback changes nothing. */
  async complete(code: string, profileId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('auth_sessions')
      .set({ status: 'authenticated', profile_id: profileId, oidc_state: null, pkce_verifier: null })
      .where('code', '=', code)
      .where('status', '=', 'authenticating')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

// PostgreSQL returns bigint columns as strings: make times numbers again.
function normalize(row: AuthSession): AuthSession {
  return { ...row, not_before: Number(row.not_before), not_after: Number(row.not_after) };
}
