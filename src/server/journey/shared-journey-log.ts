// The journey log every instance shares, in the database, so the journey view works through
// a load balancer: an instance buffers the events it sees (the request path only pushes to an
// array) and writes them in one transaction every 100 ms, taking their seqs from one counter
// row in that same transaction — events become visible in seq order, so a poll `since` the
// last seq it saw never skips one. A read flushes this instance's buffer first.
// Bounds: the newest `eventsPerDevice` (500) per device; events and playback-session links
// older than a day are pruned (maintenance/prune-expired.ts).
import type { JourneyEvent, JourneyResponse } from '../../shared/api/journey.ts';
import { sqliteStatement, sqliteTransaction, type Db } from '../db/database.ts';
import { JourneyRecorder, type JourneyEventInput } from './journey-recorder.ts';

/** The kind of media call folded into a count (journey-hooks.ts labels it). */
const FOLDED_LABEL = 'segment';

export interface JourneyLog {
  record(device: string, input: JourneyEventInput): void;
  read(device: string, since?: number): Promise<JourneyResponse>;
  reset(device: string): Promise<JourneyResponse>;
  bindPlaybackSession(sid: string, device: string): void;
  /** This instance's links only (no I/O); see findPlaybackSession. */
  deviceOfPlaybackSession(sid: string): string | undefined;
  findPlaybackSession(sid: string): Promise<string | undefined>;
}

export class SharedJourneyLog implements JourneyLog {
  /** Shapes events exactly as the in-memory recorder does (safe path, caps), and caches sid links. */
  private readonly shaper = new JourneyRecorder({ eventsPerDevice: 1, devices: 1 });
  private pending: Array<{ device: string; event: Omit<JourneyEvent, 'seq'> }> = [];
  private pendingLinks: Array<{ sid: string; device: string; at: number }> = [];
  /** Each device's newest buffered event: the one a repeat is folded into. */
  private lastByDevice = new Map<string, Omit<JourneyEvent, 'seq'>>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly opts: { eventsPerDevice?: number; flushMs?: number; clock?: () => number; log?: (msg: string, detail?: object) => void } = {},
  ) {}

  private now(): number {
    return (this.opts.clock ?? Date.now)();
  }

  record(device: string, input: JourneyEventInput): void {
    // A segment right after another of the same device, kind and status in this buffer is
    // counted into it, not written: a player fetches segments back to back, the view shows
    // them as one "segment ×N" anyway, and one row per segment was most of the journey's
    // cost on every gated segment under load.
    const last = this.lastByDevice.get(device);
    if (last && input.to === 'Media' && last.to === 'Media' && last.from === input.from && last.method === input.method && last.status === input.status && last.label === input.label && input.label === FOLDED_LABEL) {
      last.count = (last.count ?? 1) + 1;
      last.ms = Math.max(last.ms, Math.max(0, Math.round(input.ms)));
      return;
    }
    const { seq: _seq, ...event } = this.shaper.record(device, input);
    this.pending.push({ device, event });
    this.lastByDevice.set(device, event);
    this.schedule();
  }

  bindPlaybackSession(sid: string, device: string): void {
    this.shaper.bindPlaybackSession(sid, device);
    this.pendingLinks.push({ sid, device, at: this.now() });
    this.schedule();
  }

  deviceOfPlaybackSession(sid: string): string | undefined {
    return this.shaper.deviceOfPlaybackSession(sid);
  }

  async findPlaybackSession(sid: string): Promise<string | undefined> {
    const local = this.shaper.deviceOfPlaybackSession(sid);
    if (local) return local;
    if (sid.length > 100) return undefined;
    const device = (await this.db.selectFrom('journey_playback').select('device').where('sid', '=', sid).executeTakeFirst())?.device;
    // Cached here: the next segment of this session is attributed without a query.
    if (device) this.shaper.bindPlaybackSession(sid, device);
    return device;
  }

  async read(device: string, since = 0): Promise<JourneyResponse> {
    await this.flush();
    const limit = this.opts.eventsPerDevice ?? 500;
    // The counter first, then only events up to it: every seq ≤ it is committed (it is
    // taken in the writing transaction), and one written meanwhile has a larger seq, so the
    // next poll `since` this answer's seq still finds it.
    const seq = await this.currentSeq();
    const rows = await this.db
      .selectFrom('journey_events')
      .select(['seq', 'event'])
      .where('device', '=', device)
      .where('seq', '>', since)
      .where('seq', '<=', seq)
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    const events = rows.reverse().map((r) => ({ ...(JSON.parse(r.event) as Omit<JourneyEvent, 'seq'>), seq: Number(r.seq) }) as JourneyEvent);
    return { events, seq, now: this.now() };
  }

  async reset(device: string): Promise<JourneyResponse> {
    // Only what was there when the reset came: the seq is read inside the flush chain, right
    // after this instance's buffer is written, so events recorded after the reset (this
    // instance's next flush, another instance's) get larger seqs and belong to the new journey.
    clearTimeout(this.timer);
    this.timer = undefined;
    // Taken now, synchronously: what is recorded after this call belongs to the new journey.
    const taken = this.take();
    const snapshot = this.flushing.then(() => this.write(taken)).then(() => this.currentSeq());
    this.flushing = snapshot.then(
      () => undefined,
      (err: unknown) => this.opts.log?.('journey: events dropped (database write failed)', { err: String(err) }),
    );
    const seq = await snapshot;
    await this.db.deleteFrom('journey_events').where('device', '=', device).where('seq', '<=', seq).execute();
    return { events: [], seq, now: this.now() };
  }

  /** Writes what is buffered (one at a time: a flush waits for the one before). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.write()).catch((err: unknown) => this.opts.log?.('journey: events dropped (database write failed)', { err: String(err) }));
    return this.flushing;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => void this.flush(), this.opts.flushMs ?? 100);
    this.timer.unref?.();
  }

  private async currentSeq(): Promise<number> {
    return Number((await this.db.selectFrom('journey_seq').select('value').where('id', '=', 'journey').executeTakeFirst())?.value ?? 0);
  }

  private take() {
    const taken = { batch: this.pending, links: this.pendingLinks };
    this.pending = [];
    this.pendingLinks = [];
    this.lastByDevice = new Map();
    return taken;
  }

  private async write(taken = this.take()): Promise<void> {
    const { batch, links } = taken;
    if (this.writeSqlite(batch, links)) return;
    if (links.length > 0) {
      for (const l of links) {
        await this.db
          .insertInto('journey_playback')
          .values(l)
          .onConflict((oc) => oc.column('sid').doUpdateSet({ device: l.device, at: l.at }))
          .execute();
      }
    }
    if (batch.length === 0) return;
    const limit = this.opts.eventsPerDevice ?? 500;
    await this.db.transaction().execute(async (trx) => {
      const { value } = await trx
        .updateTable('journey_seq')
        .set((eb) => ({ value: eb('value', '+', batch.length) }))
        .where('id', '=', 'journey')
        .returning('value')
        .executeTakeFirstOrThrow();
      const first = Number(value) - batch.length + 1;
      await trx
        .insertInto('journey_events')
        .values(batch.map((b, i) => ({ seq: first + i, device: b.device, at: b.event.at, event: JSON.stringify(b.event) })))
        .execute();
      // Keep the newest `limit` per device written to.
      for (const device of new Set(batch.map((b) => b.device))) {
        const cutoff = await trx.selectFrom('journey_events').select('seq').where('device', '=', device).orderBy('seq', 'desc').offset(limit - 1).limit(1).executeTakeFirst();
        if (cutoff) await trx.deleteFrom('journey_events').where('device', '=', device).where('seq', '<', Number(cutoff.seq)).execute();
      }
    });
  }

  /**
   * The same write on SQLite as one synchronous transaction of prepared statements. Through
   * Kysely, a flush of a busy device's events (a multi-row insert built and compiled every
   * 100 ms) was ~25 µs of every authorize decision under load. False when not on SQLite.
   */
  private writeSqlite(batch: Array<{ device: string; event: Omit<JourneyEvent, 'seq'> }>, links: Array<{ sid: string; device: string; at: number }>): boolean {
    const tx = sqliteTransaction(this.db);
    const link = sqliteStatement(this.db, 'insert into journey_playback (sid, device, at) values (?, ?, ?) on conflict (sid) do update set device = excluded.device, at = excluded.at');
    const bump = sqliteStatement(this.db, "update journey_seq set value = value + ? where id = 'journey' returning value");
    const insert = sqliteStatement(this.db, 'insert into journey_events (seq, device, at, event) values (?, ?, ?, ?)');
    const cutoff = sqliteStatement(this.db, 'select seq from journey_events where device = ? order by seq desc limit 1 offset ?');
    const prune = sqliteStatement(this.db, 'delete from journey_events where device = ? and seq < ?');
    if (!tx || !link || !bump || !insert || !cutoff || !prune) return false;
    const limit = this.opts.eventsPerDevice ?? 500;
    tx(() => {
      for (const l of links) link.run(l.sid, l.device, l.at);
      if (batch.length === 0) return;
      const { value } = bump.get(batch.length) as { value: number | bigint };
      const first = Number(value) - batch.length + 1;
      batch.forEach((b, i) => insert.run(first + i, b.device, b.event.at, JSON.stringify(b.event)));
      for (const device of new Set(batch.map((b) => b.device))) {
        const oldestKept = cutoff.get(device, limit - 1) as { seq: number | bigint } | undefined;
        if (oldestKept) prune.run(device, oldestKept.seq);
      }
    });
    return true;
  }
}
