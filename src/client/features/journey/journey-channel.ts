// The journey of this app window, broadcast to a presenter window that follows it (same
// origin, BroadcastChannel): the app window posts its annotated journey whenever it changes,
// and again when a presenter window says hello. Only what the view shows travels: decoded
// token previews and claims, never a whole token (call-log.ts keeps none).
import type { JourneyItem } from './journey-model.ts';

export const JOURNEY_CHANNEL = 'playgate-journey';
/** `/?journey-window=1`: the presenter window (main.tsx renders it instead of the app). */
export const PRESENTER_WINDOW_PARAM = 'journey-window';

export type JourneyMessage = { type: 'hello' } | { type: 'journey'; device: string; items: JourneyItem[]; sentAt: number };

/** The app window's side: broadcast `items`; answer a presenter window's hello with the latest. */
export function journeyBroadcaster(device: string) {
  if (typeof BroadcastChannel === 'undefined') return { publish: () => undefined, close: () => undefined };
  const channel = new BroadcastChannel(JOURNEY_CHANNEL);
  let latest: JourneyItem[] = [];
  const send = () => channel.postMessage({ type: 'journey', device, items: latest, sentAt: Date.now() } satisfies JourneyMessage);
  channel.onmessage = (e: MessageEvent<JourneyMessage>) => {
    if (e.data?.type === 'hello') send();
  };
  return {
    publish(items: readonly JourneyItem[]) {
      latest = items.map((i) => ({ ...i }));
      send();
    },
    close: () => channel.close(),
  };
}
