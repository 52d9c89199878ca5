// The journey recorder: an in-memory, bounded log of the calls each device's journey
// made, in one process. The server uses it through shared-journey-log.ts (the log every
// instance shares) to shape events and cache playback-session links. Bounds: a ring
// of `eventsPerDevice` per device, at most `devices` devices (least recently used goes
// first), at most `playbackSessions` playback-session → device links.
import type { JourneyEvent, JourneyResponse } from '../../shared/api/journey.ts';
import { safePath } from './safe-path.ts';

export interface JourneyRecorderOptions {
  /** Events kept per device, newest last (default: 500). */
  eventsPerDevice?: number;
  /** Devices kept; the least recently used is forgotten first (default: 1000). */
  devices?: number;
  /** Playback sessions (`sid`) remembered for attributing media requests (default: 5000). */
  playbackSessions?: number;
  /** Epoch ms (default: Date.now). */
  clock?: () => number;
}

export type JourneyEventInput = Omit<JourneyEvent, 'seq'>;

/** A fixed-size ring: once full, each new event overwrites the oldest. */
class EventRing {
  private readonly items: JourneyEvent[] = [];
  private oldest = 0;
  constructor(private readonly capacity: number) {}

  push(event: JourneyEvent): void {
    if (this.items.length < this.capacity) {
      this.items.push(event);
      return;
    }
    this.items[this.oldest] = event;
    this.oldest = (this.oldest + 1) % this.capacity;
  }

  after(seq: number): JourneyEvent[] {
    const ordered = this.oldest === 0 ? this.items : [...this.items.slice(this.oldest), ...this.items.slice(0, this.oldest)];
    return ordered.filter((e) => e.seq > seq);
  }
}

export class JourneyRecorder {
  private readonly devices = new Map<string, EventRing>();
  private readonly playback = new Map<string, string>();
  private seq = 0;
  private readonly eventsPerDevice: number;
  private readonly maxDevices: number;
  private readonly maxPlaybackSessions: number;
  private readonly clock: () => number;

  constructor(opts: JourneyRecorderOptions = {}) {
    this.eventsPerDevice = opts.eventsPerDevice ?? 500;
    this.maxDevices = opts.devices ?? 1000;
    this.maxPlaybackSessions = opts.playbackSessions ?? 5000;
    this.clock = opts.clock ?? Date.now;
  }

  /** Records one call for `device`; the path is reduced to a safe path here, whatever the caller passed. */
  record(device: string, input: JourneyEventInput): JourneyEvent {
    const event: JourneyEvent = {
      seq: ++this.seq,
      at: Math.round(input.at),
      from: input.from,
      to: input.to,
      method: input.method.toUpperCase().slice(0, 16),
      path: safePath(input.path),
      status: Math.trunc(input.status),
      ms: Math.max(0, Math.round(input.ms)),
      ...(input.label ? { label: input.label.slice(0, 120) } : {}),
      ...(input.trace && /^[0-9a-f]{1,64}$/.test(input.trace) ? { trace: input.trace } : {}),
      ...(input.parent && /^[0-9a-f]{1,64}$/.test(input.parent) ? { parent: input.parent } : {}),
    };
    this.ringFor(device, true)!.push(event);
    return event;
  }

  /** The device's events after `since` (oldest first), the latest seq and the server clock. */
  read(device: string, since = 0): JourneyResponse {
    const ring = this.ringFor(device, false);
    return { events: ring ? ring.after(since) : [], seq: this.seq, now: this.clock() };
  }

  /** Forgets the device's events; the seq keeps counting, so a poll `since` it sees only new ones. */
  reset(device: string): JourneyResponse {
    this.devices.delete(device);
    return { events: [], seq: this.seq, now: this.clock() };
  }

  /** Remembers which device a playback session (the media token's jti) was opened for. */
  bindPlaybackSession(sid: string, device: string): void {
    this.playback.delete(sid);
    this.playback.set(sid, device);
    if (this.playback.size > this.maxPlaybackSessions) this.playback.delete(this.playback.keys().next().value!);
  }

  deviceOfPlaybackSession(sid: string): string | undefined {
    return this.playback.get(sid);
  }

  get deviceCount(): number {
    return this.devices.size;
  }

  /** The device's ring, moved to most recently used; created on write only. */
  private ringFor(device: string, create: boolean): EventRing | undefined {
    let ring = this.devices.get(device);
    if (ring) {
      this.devices.delete(device);
      this.devices.set(device, ring);
      return ring;
    }
    if (!create) return undefined;
    ring = new EventRing(this.eventsPerDevice);
    this.devices.set(device, ring);
    if (this.devices.size > this.maxDevices) this.devices.delete(this.devices.keys().next().value!);
    return ring;
  }
}
