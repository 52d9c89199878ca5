// The rules every decision consults, as an in-memory snapshot: a Map read, never a query
// on the decision path (the hot path, issue #9). Each instance reloads the whole table
// every `refreshMs` (default 2000 ms) and at once after its own admin change, so another
// instance's change is seen within that interval. A failed reload keeps the last snapshot.
import type { Db } from '../db/database.ts';
import { DegradationStore, type DegradationRule } from './degradation-store.ts';

export class DegradationRules {
  private snapshot = new Map<string, DegradationRule>();
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  /** Apps sharing this snapshot (several app instances on one database handle, in tests). */
  private users = 0;
  /** When the snapshot was last read from the database (epoch ms; 0: never). */
  loadedAt = 0;

  constructor(
    private readonly db: Db,
    private readonly refreshMs = 2000,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** The rule in force for `mvpd` now, if any (expired and not-yet-started rules are not). */
  ruleFor(requestor: string, mvpd: string, now = Date.now()): DegradationRule | undefined {
    const rule = this.snapshot.get(key(requestor, mvpd));
    if (!rule || rule.notBefore > now || (rule.notAfter !== null && rule.notAfter <= now)) return undefined;
    return rule;
  }

  /** Reads the table now (one reload at a time; callers during a reload share it). */
  refresh(): Promise<void> {
    this.inFlight ??= new DegradationStore(this.db)
      .list()
      .then((rules) => {
        this.snapshot = new Map(rules.map((r) => [key(r.requestor, r.mvpd), r]));
        this.loadedAt = Date.now();
      })
      .catch(this.onError)
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** First load, then the periodic reload (unref'd: it never keeps the process alive). */
  async start(): Promise<void> {
    this.users++;
    await this.refresh();
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (--this.users > 0) return;
    this.users = 0;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

const key = (requestor: string, mvpd: string) => `${requestor}\u0000${mvpd}`;

/** One snapshot per database handle, shared by the admin API, sessions, profiles and decisions of an app. */
const perDb = new WeakMap<Db, DegradationRules>();
export function degradationRulesFor(db: Db): DegradationRules {
  let rules = perDb.get(db);
  if (!rules) {
    rules = new DegradationRules(db);
    perDb.set(db, rules);
  }
  return rules;
}
