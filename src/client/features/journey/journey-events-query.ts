// GET /playgate/v1/journey?since=<seq>: what the server saw of this device's journey,
// polled about once a second while the view is open. Each poll asks only for what is
// new and appends it; the server's clock is read off each answer to place its events
// on the app's timeline.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { JourneyEvent, JourneyResponse } from '../../../shared/api/journey.ts';
import { formatDeviceIdentifier } from '../../../shared/device-identifier.ts';
import type { PassClient } from '../../lib/pass-client.ts';

const JOURNEY_PATH = '/playgate/v1/journey';
/** Events kept by the app (the server keeps 500 per device). */
const KEEP = 1000;

export interface ServerJourney {
  events: JourneyEvent[];
  seq: number;
  /** Server clock minus app clock, ms (estimated at the middle of the last poll). */
  offsetMs: number;
}

export const EMPTY_JOURNEY: ServerJourney = { events: [], seq: 0, offsetMs: 0 };

export async function journeyRequest(pass: PassClient, method: 'GET' | 'DELETE', since = 0, signal?: AbortSignal): Promise<{ body: JourneyResponse; offsetMs: number }> {
  const sent = Date.now();
  const res = await fetch(method === 'GET' ? `${JOURNEY_PATH}?since=${since}` : JOURNEY_PATH, {
    method,
    headers: { authorization: `Bearer ${await pass.clientToken()}`, 'ap-device-identifier': formatDeviceIdentifier(pass.deviceId), accept: 'application/json' },
    ...(signal ? { signal } : {}),
  });
  if (!res.ok) throw new Error(`the journey could not be read (HTTP ${res.status})`);
  const body = (await res.json()) as JourneyResponse;
  return { body, offsetMs: body.now - (sent + Date.now()) / 2 };
}

export const journeyEventsQuery = (pass: PassClient) =>
  queryOptions({
    queryKey: ['journey', 'events', pass.deviceId] as const,
    queryFn: async ({ client, queryKey, signal }): Promise<ServerJourney> => {
      const since = (client.getQueryData<ServerJourney>(queryKey) ?? EMPTY_JOURNEY).seq;
      const { body, offsetMs } = await journeyRequest(pass, 'GET', since, signal);
      // Appended to what is there now, not to what was there when the poll left: a reset
      // may have happened meanwhile, and nothing from before it may come back.
      const current = client.getQueryData<ServerJourney>(queryKey) ?? EMPTY_JOURNEY;
      const fresh = body.events.filter((e) => e.seq > current.seq);
      return { events: [...current.events, ...fresh].slice(-KEEP), seq: Math.max(current.seq, body.seq), offsetMs };
    },
    refetchInterval: 1000,
    staleTime: 0,
    retry: false,
  });

export function useJourneyEvents(pass: PassClient) {
  return useQuery(journeyEventsQuery(pass));
}
