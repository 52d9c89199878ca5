// QA's "MVPD back to normal" closes that MVPD's circuit breaker on every instance, not just
// the one that took the admin call. The reset is a row in `mvpd_breaker_resets` (one per
// MVPD, the latest time); each instance polls the table every `refreshMs` (default 2000 ms,
// as the degradation rules reload) and forgets the breaker of every MVPD reset since its last
// look. Breakers live in memory per instance (mvpd-gateway.ts): a database read per decision
// would cost the hot path, a poll every 2 s costs one indexed read of a handful of rows.
import type { Db } from '../db/database.ts';

export class BreakerResets {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  /** reset_at seen per MVPD; a newer one forgets the breaker here. */
  private seen = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly forget: (mvpdId: string) => void,
    private readonly refreshMs = 2000,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Records a reset for every instance and applies it here at once. */
  async reset(mvpdId: string, now = Date.now()): Promise<void> {
    await this.db
      .insertInto('mvpd_breaker_resets')
      .values({ mvpd: mvpdId, reset_at: now })
      .onConflict((oc) => oc.column('mvpd').doUpdateSet({ reset_at: now }))
      .execute();
    this.seen.set(mvpdId, now);
    this.forget(mvpdId);
  }

  /** Reads the table; forgets the breakers reset since the last look (one read at a time). */
  poll(): Promise<void> {
    this.inFlight ??= this.db
      .selectFrom('mvpd_breaker_resets')
      .selectAll()
      .execute()
      .then((rows) => {
        for (const r of rows) {
          const at = Number(r.reset_at);
          const before = this.seen.get(r.mvpd);
          this.seen.set(r.mvpd, at);
          // Any new value is a new reset (compared for change, not order: the instances'
          // clocks may differ). The first look only learns what is there: a reset from
          // before this instance started says nothing about breakers it opened since.
          if (before !== undefined ? at !== before : this.started) this.forget(r.mvpd);
        }
        this.started = true;
      })
      .catch(this.onError)
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  private started = false;

  /** First read (learns the current rows), then the periodic poll (unref'd). */
  async start(): Promise<void> {
    await this.poll();
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
