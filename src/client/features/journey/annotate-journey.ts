// Adds to each item of the journey what the app learned about it afterwards: the
// decisions under its trace id, and for each token whether (and by whom) it was verified.
import type { DecisionView, JourneyItem } from './journey-model.ts';
import { verificationOf } from './token-verification.ts';

export function annotateJourney(items: readonly JourneyItem[], decisionsByTrace: Readonly<Record<string, DecisionView[] | undefined>>, appVerified: ReadonlySet<string>): JourneyItem[] {
  return items.map((item) => {
    const decisions = item.trace ? decisionsByTrace[item.trace] : undefined;
    const tokens = item.tokens;
    return {
      ...item,
      ...(decisions && decisions.length > 0 ? { decisions } : {}),
      ...(tokens ? { tokens: tokens.map((t) => ({ ...t, ...verificationOf(t, tokens, appVerified) })) } : {}),
    };
  });
}
