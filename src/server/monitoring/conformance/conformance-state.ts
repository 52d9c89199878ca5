// The conformance check's memory, shared by every instance through the database
// (conformance_state): behind a balancer one client's calls land on several instances, and
// each rule must see them as one client. The rules stay synchronous on in-memory maps (no
// query per request); a change only marks its key, and once a second the instance writes
// its changed keys in one batch and reads what the others wrote since its last look. Last
// write by observation time wins, per key. A rule thus sees another instance's calls about
// a second late (a poll every 1 s across two instances is still caught, on a later poll).
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';

/** A Map that forgets everything past `max` entries (cheap and bounded; a forgotten entry only delays a warning). */
export class Bounded<K, V> extends Map<K, V> {
  constructor(private readonly max = 20_000) {
    super();
  }
  override set(key: K, value: V): this {
    if (this.size >= this.max && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}

/** A map of the shared memory: its own changes are written, the others' are applied, newest wins. */
export class SharedMap<V> extends Bounded<string, V> {
  /** When each key last changed (observation time, ms), to order this instance's and the others' writes. */
  private readonly stamps = new Bounded<string, number>();

  constructor(
    readonly name: string,
    private readonly state: SharedState,
    max?: number,
  ) {
    super(max);
    state.register(this);
  }

  /** Remembers `value` (shared). */
  put(key: string, value: V, at: number): void {
    this.set(key, value);
    this.stamps.set(key, at);
    this.state.changed(this.name, key, value, at);
  }

  /** Forgets `key` (shared), if this instance knew it. */
  forget(key: string, at: number): void {
    if (!this.delete(key)) return;
    this.stamps.set(key, at);
    this.state.changed(this.name, key, undefined, at);
  }

  /** Another instance's write, unless this instance changed the key later. */
  apply(key: string, json: string | null, at: number): void {
    if ((this.stamps.get(key) ?? -1) > at) return;
    this.stamps.set(key, at);
    if (json === null) this.delete(key);
    else this.set(key, this.decode(json));
  }

  protected decode(json: string): V {
    return JSON.parse(json) as V;
  }
}

/** A shared map of sets (a device's client ids): members are only added, so the others' members are merged in. */
export class SharedSets extends Bounded<string, Set<string>> {
  constructor(
    readonly name: string,
    private readonly state: SharedState,
    max?: number,
  ) {
    super(max);
    state.register(this);
  }

  /** Adds `member` to the set of `key`; returns the set's size after, or 0 if it was there already. */
  add(key: string, member: string, at: number): number {
    let set = this.get(key);
    if (!set) this.set(key, (set = new Set()));
    if (set.has(member)) return 0;
    set.add(member);
    this.state.changed(this.name, `${key}\n${member}`, 1, at);
    return set.size;
  }

  apply(key: string, _json: string | null, _at: number): void {
    const cut = key.lastIndexOf('\n');
    if (cut < 0) return;
    const k = key.slice(0, cut);
    let set = this.get(k);
    if (!set) this.set(k, (set = new Set()));
    set.add(key.slice(cut + 1));
  }
}

interface Applier {
  name: string;
  apply(key: string, json: string | null, at: number): void;
}

/** Keys longer than this stay in this instance only (a long URL in a retry key): bounded rows. */
const MAX_KEY = 1000;
/** Rows are read again this far back: another instance's batch may commit a little after its clock said. */
const OVERLAP_MS = 5000;
/** Remembered this long; the rules' windows are minutes (a held profile, a device's clients: a day). */
const RETENTION_MS = 24 * 3600_000;
const FIRST_READ_MS = 3600_000;
const CHUNK = 200;
const MAX_PENDING = 50_000;

export class SharedState {
  private readonly instance = randomUUID();
  private readonly maps = new Map<string, Applier>();
  private pending = new Map<string, { value: unknown; at: number }>();
  private lastRead = 0;
  private lastPrune = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  register(map: Applier): void {
    this.maps.set(map.name, map);
  }

  changed(map: string, key: string, value: unknown, at: number): void {
    const full = `${map}|${key}`;
    // Bounded between two syncs too (a database that stalls): past the cap a change stays local.
    if (full.length <= MAX_KEY && (this.pending.size < MAX_PENDING || this.pending.has(full))) this.pending.set(full, { value, at });
  }

  /** Syncs every `intervalMs` until stop(). */
  start(intervalMs = 1000): void {
    this.timer = setInterval(() => void this.sync().catch(this.onError), intervalMs);
    this.timer.unref();
  }

  /** Writes this instance's changes (one batch) and applies the others' since the last look. */
  sync(now = Date.now()): Promise<void> {
    // One at a time: a slow database must not pile up batches.
    this.running ??= this.run(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(now: number): Promise<void> {
    const rows = [...this.pending].map(([key, { value, at }]) => ({ key, value: value === undefined ? null : JSON.stringify(value), at, stored_at: now, instance: this.instance }));
    this.pending = new Map();
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.db
        .insertInto('conformance_state')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), at: eb.ref('excluded.at'), stored_at: eb.ref('excluded.stored_at'), instance: eb.ref('excluded.instance') })).where('conformance_state.at', '<=', (eb) => eb.ref('excluded.at')),
        )
        .execute();
    }
    // A new instance starts from the last hour (not a whole day of every device: its maps are bounded anyway).
    const since = this.lastRead === 0 ? now - FIRST_READ_MS : this.lastRead - OVERLAP_MS;
    this.lastRead = now;
    const theirs = await this.db.selectFrom('conformance_state').select(['key', 'value', 'at']).where('stored_at', '>=', since).where('instance', '<>', this.instance).execute();
    for (const r of theirs) {
      const cut = r.key.indexOf('|');
      this.maps.get(r.key.slice(0, cut))?.apply(r.key.slice(cut + 1), r.value, Number(r.at));
    }
    if (now - this.lastPrune > 60_000) {
      this.lastPrune = now;
      await this.db.deleteFrom('conformance_state').where('stored_at', '<', now - RETENTION_MS).execute();
    }
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    if (this.pending.size > 0) await this.sync();
  }
}
