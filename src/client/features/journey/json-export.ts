// The journey as JSON, for bug reports and QA: every call with its lanes, timing,
// decisions and decoded tokens (previews only: a whole token is never exported).
import { LANES, type JourneyItem } from './journey-model.ts';

export const JOURNEY_JSON_FORMAT = 'playgate-journey/1';

export function journeyToJson(items: readonly JourneyItem[], meta: { device: string; exportedAt: Date }): string {
  return JSON.stringify(
    {
      format: JOURNEY_JSON_FORMAT,
      exportedAt: meta.exportedAt.toISOString(),
      device: meta.device,
      lanes: LANES,
      calls: items.map((i) => ({
        startedAt: new Date(i.start).toISOString(),
        from: i.from,
        to: i.to,
        method: i.method,
        path: i.path,
        status: i.status,
        ms: i.ms,
        count: i.count,
        seenBy: i.source,
        ...(i.label ? { label: i.label } : {}),
        ...(i.trace ? { trace: i.trace } : {}),
        ...(i.parent ? { causedBy: i.parent } : {}),
        ...(i.decisions?.length ? { decisions: i.decisions } : {}),
        ...(i.tokens?.length
          ? { tokens: i.tokens.map((t) => ({ field: t.field, preview: t.preview, verified: t.verified ?? false, verification: t.verification ?? 'not checked', header: t.header, claims: t.claims })) }
          : {}),
      })),
    },
    null,
    2,
  );
}
