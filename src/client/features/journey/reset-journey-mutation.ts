// DELETE /playgate/v1/journey, and the app's side of a reset: the journey starts over
// from the app's next call and the server's next event.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PassClient } from '../../lib/pass-client.ts';
import { callLog } from '../../lib/call-log.ts';
import { journeyEventsQuery, journeyRequest, type ServerJourney } from './journey-events-query.ts';

export async function resetJourney(pass: PassClient): Promise<{ server: ServerJourney; afterCallId: number }> {
  const { body, offsetMs } = await journeyRequest(pass, 'DELETE');
  const calls = callLog();
  return { server: { events: [], seq: body.seq, offsetMs }, afterCallId: calls[calls.length - 1]?.id ?? 0 };
}

export function useResetJourney(pass: PassClient, onReset: (afterCallId: number) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const { queryKey } = journeyEventsQuery(pass);
      // A poll in flight would bring back what is being forgotten.
      await queryClient.cancelQueries({ queryKey });
      const reset = await resetJourney(pass);
      queryClient.setQueryData(queryKey, reset.server);
      return reset.afterCallId;
    },
    onSuccess: onReset,
  });
}
