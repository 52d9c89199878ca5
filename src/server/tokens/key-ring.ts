// Keeps one instance's TokenService in step with the shared key set: reloads it from the
// database every few seconds (default 5 s) and on an unknown kid (at most once per cooldown,
// default 1 s), so a key another instance or `npm run keys -- rotate` published is known
// everywhere well before it activates; and once more when a published key activates, so
// every instance starts signing with it at that moment. Imports only the private key that signs.
import { importJWK, type CryptoKey } from 'jose';
import type { Db } from '../db/database.ts';
import type { Kek } from './kek.ts';
import { listKeys, pruneExpiredKeys, unsealPrivateJwk } from './shared-key-store.ts';
import type { TokenService } from './token-service.ts';

export interface KeyRingOptions {
  /** The longest lifetime of any token Playgate signs (ms): how long a retired key keeps verifying. */
  maxTokenLifetimeMs: number;
  refreshIntervalMs?: number;
  unknownKidCooldownMs?: number;
  now?: () => number;
  log?: (msg: string, detail?: object) => void;
}

export class KeyRing {
  private timer: NodeJS.Timeout | undefined;
  /** A reload at the moment the next published key activates, so every instance switches then. */
  private activation: { at: number; timer: NodeJS.Timeout } | undefined;
  private tokens: TokenService | undefined;
  private lastReload = 0;
  private inFlight: Promise<void> | undefined;
  private signer: { kid: string; key: CryptoKey } | undefined;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly kek: Kek,
    private readonly opts: KeyRingOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Loads the key set into `tokens` now, then keeps it fresh until stop(). */
  async attach(tokens: TokenService): Promise<void> {
    this.tokens = tokens;
    await this.reload(tokens);
    tokens.onUnknownKid = async () => {
      if (this.now() - this.lastReload < (this.opts.unknownKidCooldownMs ?? 1000)) return false;
      await this.reload(tokens);
      return true;
    };
    this.timer = setInterval(() => {
      this.reload(tokens).catch((err: unknown) => this.opts.log?.('signing keys: reload failed; keeping the last good set', { err: String(err) }));
    }, this.opts.refreshIntervalMs ?? 5000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.activation?.timer);
    this.activation = undefined;
    this.stopped = true;
  }

  private stopped = false;

  private scheduleActivation(at: number): void {
    if (this.stopped || !this.tokens || this.activation?.at === at) return;
    clearTimeout(this.activation?.timer);
    const tokens = this.tokens;
    const timer = setTimeout(() => {
      this.activation = undefined;
      this.reload(tokens).catch((err: unknown) => this.opts.log?.('signing keys: reload at activation failed', { err: String(err) }));
    }, Math.max(0, at - this.now()) + 5);
    timer.unref();
    this.activation = { at, timer };
  }

  /** One reload at a time; concurrent callers share it. */
  reload(tokens: TokenService): Promise<void> {
    this.inFlight ??= this.load(tokens).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async load(tokens: TokenService): Promise<void> {
    const now = this.now();
    this.lastReload = now;
    const keys = await listKeys(this.db, now, this.opts.maxTokenLifetimeMs);
    const active = keys.find((k) => k.state === 'active');
    if (!active) throw new Error('no active signing key in the database');
    if (this.signer?.kid !== active.kid) {
      this.signer = { kid: active.kid, key: (await importJWK(unsealPrivateJwk(this.kek, active), 'ES256')) as CryptoKey };
      this.opts.log?.('signing keys: signing with', { kid: active.kid });
    }
    tokens.useKeys(
      keys.filter((k) => k.state !== 'expired').map((k) => k.publicJwk),
      this.signer,
    );
    const next = keys.filter((k) => k.state === 'published').map((k) => k.activatesAt).sort((a, b) => a - b)[0];
    if (next !== undefined) this.scheduleActivation(next);
    // Any instance may prune; deleting an already deleted row is harmless.
    if (keys.some((k) => k.state === 'expired')) await pruneExpiredKeys(this.db, now, this.opts.maxTokenLifetimeMs);
  }
}
