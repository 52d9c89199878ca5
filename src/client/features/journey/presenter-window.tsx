// The second presenter window: the journey of the app window that opened it, full screen, for
// the projector while the app is shown on the laptop. It follows that window's device through
// the BroadcastChannel (journey-channel.ts): the numbered story and the sequence diagram,
// redrawn each time the app window's journey changes. Its own chunk: nothing of it is in the
// app's initial bundle.
import { useEffect, useMemo, useState } from 'react';
import { JOURNEY_CHANNEL, type JourneyMessage } from './journey-channel.ts';
import { callText, decisionText, sequenceSteps, type JourneyItem } from './journey-model.ts';
import { storyGroups } from './journey-story.ts';
import { SequenceDiagram } from './sequence-diagram.tsx';
import './journey.css';

export function PresenterWindow() {
  const [journey, setJourney] = useState<{ device: string; items: JourneyItem[] } | null>(null);
  useEffect(() => {
    document.title = 'Playgate journey · presenter window';
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(JOURNEY_CHANNEL);
    channel.onmessage = (e: MessageEvent<JourneyMessage>) => {
      if (e.data?.type === 'journey') setJourney({ device: e.data.device, items: e.data.items });
    };
    channel.postMessage({ type: 'hello' } satisfies JourneyMessage);
    return () => channel.close();
  }, []);
  const items = journey?.items ?? [];
  const steps = useMemo(() => sequenceSteps(items), [items]);
  const story = useMemo(() => storyGroups(items), [items]);

  return (
    <main className="jv-window" aria-labelledby="jv-window-title">
      <h1 id="jv-window-title">Journey</h1>
      <p className="hint" role="status">
        {journey ? `Follows the app window of device ${journey.device} · ${items.length} ${items.length === 1 ? 'call' : 'calls'}` : 'Waiting for the app window (open the journey view there)…'}
      </p>
      <div className="jv-window-body">
        <section aria-labelledby="jv-window-story">
          <h2 id="jv-window-story">The story, step by step</h2>
          <ol className="jv-story" aria-labelledby="jv-window-story">
            {story.map((g) => (
              <li key={g.items[0]!.key} value={g.number}>
                <strong>{g.system}:</strong> {g.line}
                <span className="hint"> ({g.calls > 1 ? `${g.calls} calls` : `${callText(g.items[0]!)} ${g.items[0]!.status === 0 ? 'no answer' : g.items[0]!.status}`})</span>
                {g.items.flatMap((i) => i.decisions ?? []).map((d, k) => (
                  <p key={k} className="jv-decision">
                    {decisionText(d)}
                  </p>
                ))}
              </li>
            ))}
          </ol>
        </section>
        <figure className="jv-figure" tabIndex={0}>
          <SequenceDiagram steps={steps} titleId="jv-window-svg-title" title={`Sequence diagram of ${items.length} calls`} />
        </figure>
      </div>
    </main>
  );
}
