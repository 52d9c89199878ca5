// The line under the player that says why this title plays, in the viewer's words: never
// a claim name, a wildcard or a rule id.
import type { PlaybackEntry } from '../../../shared/api/playback.ts';

const WILDCARD = '*';

export function permitNote(decision: Pick<PlaybackEntry['decision'], 'rule' | 'claim' | 'value'>): string {
  if (decision.claim === WILDCARD || decision.value === WILDCARD) return 'Free to watch for everyone signed in.';
  if (decision.rule === 'claims' && decision.value) return `Included with your ${decision.value} membership.`;
  if (decision.rule === 'internal-store') return 'Watching with your purchase.';
  return 'Included with your account.';
}

export const tvProviderNote = (providerName: string) => `Watching through ${providerName}.`;
