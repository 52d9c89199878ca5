import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MVPD_DONE_MESSAGE } from '../../../shared/pass-paths.ts';
import { watchPopup } from './popup-watch.ts';

const ORIGIN = 'http://localhost:8080';

function setup(overrides: { checkProfile?: () => Promise<boolean>; notAfter?: number } = {}) {
  const popup = { closed: false, close: vi.fn(() => (popup.closed = true)) };
  const events = new EventTarget();
  const checkProfile = vi.fn(overrides.checkProfile ?? (async () => false));
  const watch = watchPopup({ popup, checkProfile, notAfter: overrides.notAfter ?? Date.now() + 60_000, origin: ORIGIN, events: events as unknown as Window, pollMs: 3000 });
  const post = (origin: string, data: unknown) => events.dispatchEvent(Object.assign(new Event('message'), { origin, data }));
  return { popup, events, checkProfile, watch, post };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('watchPopup', () => {
  it('polls every 3 s and succeeds when the profile appears, closing the popup', async () => {
    let found = false;
    const { checkProfile, watch, popup } = setup({ checkProfile: async () => found });
    await vi.advanceTimersByTimeAsync(3000);
    expect(checkProfile).toHaveBeenCalledTimes(1);
    found = true;
    await vi.advanceTimersByTimeAsync(3000);
    await expect(watch.done).resolves.toBe('succeeded');
    expect(popup.close).toHaveBeenCalled();
  });

  it('checks at once on a postMessage from our origin, and ignores other origins', async () => {
    const { checkProfile, watch, post } = setup({ checkProfile: async () => true });
    post('http://evil.example', { type: MVPD_DONE_MESSAGE });
    await vi.advanceTimersByTimeAsync(10);
    expect(checkProfile).not.toHaveBeenCalled();
    post(ORIGIN, { type: MVPD_DONE_MESSAGE });
    await expect(watch.done).resolves.toBe('succeeded');
  });

  it('settles as closed when the viewer closes the popup without a profile', async () => {
    const { popup, watch } = setup();
    popup.closed = true;
    await vi.advanceTimersByTimeAsync(600);
    await expect(watch.done).resolves.toBe('closed');
  });

  it('settles as succeeded when the popup closed right after finishing', async () => {
    const { popup, watch } = setup({ checkProfile: async () => true });
    popup.closed = true;
    await vi.advanceTimersByTimeAsync(600);
    await expect(watch.done).resolves.toBe('succeeded');
  });

  it('sends one check when the message and the popup closing come together (no overlap)', async () => {
    let answer!: (found: boolean) => void;
    const { popup, post, checkProfile, watch } = setup({ checkProfile: () => new Promise<boolean>((r) => (answer = r)) });
    post(ORIGIN, { type: MVPD_DONE_MESSAGE });
    popup.closed = true;
    await vi.advanceTimersByTimeAsync(600);
    expect(checkProfile).toHaveBeenCalledTimes(1);
    answer(true);
    await expect(watch.done).resolves.toBe('succeeded');
    expect(checkProfile).toHaveBeenCalledTimes(1);
  });

  it('never starts two checks less than 3 s apart, whatever sets them off', async () => {
    let found = false;
    const { post, checkProfile, watch } = setup({ checkProfile: async () => found });
    await vi.advanceTimersByTimeAsync(3000); // the first poll (nothing yet)
    expect(checkProfile).toHaveBeenCalledTimes(1);
    found = true;
    await vi.advanceTimersByTimeAsync(1000);
    post(ORIGIN, { type: MVPD_DONE_MESSAGE }); // 1 s after that poll: waits
    await vi.advanceTimersByTimeAsync(1900);
    expect(checkProfile).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(200); // 3 s after the poll
    await expect(watch.done).resolves.toBe('succeeded');
    expect(checkProfile).toHaveBeenCalledTimes(2);
  });

  it('times out at the code expiry', async () => {
    const { watch } = setup({ notAfter: Date.now() + 5000 });
    await vi.advanceTimersByTimeAsync(6100);
    await expect(watch.done).resolves.toBe('timed-out');
  });

  it('backs off when polling is rate limited (429)', async () => {
    const limited = Object.assign(new Error('429'), { body: { status: 429 } });
    const { checkProfile } = setup({ checkProfile: async () => Promise.reject(limited) });
    await vi.advanceTimersByTimeAsync(3000); // first poll → 429, next in 6 s
    await vi.advanceTimersByTimeAsync(5900);
    expect(checkProfile).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(checkProfile).toHaveBeenCalledTimes(2);
  });
});
