// GET|DELETE /playgate/v1/journey: what the server saw of one device's journey, for the
// journey view. An event is one HTTP call between two lanes; never a token, never a query.
import { Type, type Static } from '@sinclair/typebox';

/** The lanes of the sequence diagram, left to right. */
/** `Viewer`: the person at the browser (the IdP's and the MVPD's login pages, popups, redirects), noted by the app only. */
export const JOURNEY_LANES = ['Viewer', 'App', 'IdP', 'Playgate', 'MVPD', 'Media'] as const;
export type JourneyLane = (typeof JOURNEY_LANES)[number];

const LaneSchema = Type.Union(JOURNEY_LANES.map((lane) => Type.Literal(lane)));

export const JourneyEventSchema = Type.Object({
  /** Increases across the server instance; `since` in the next poll. */
  seq: Type.Integer({ minimum: 1 }),
  /** When the call started, epoch ms on the server's clock. */
  at: Type.Integer(),
  from: LaneSchema,
  to: LaneSchema,
  method: Type.String({ maxLength: 16 }),
  /** The path only: no query string, no fragment, token-shaped segments replaced. */
  path: Type.String({ maxLength: 200 }),
  /** 0 when no answer came (timeout, network error). */
  status: Type.Integer(),
  ms: Type.Integer({ minimum: 0 }),
  /** What the call means in the journey (e.g. "MVPD login: code exchange"). */
  label: Type.Optional(Type.String({ maxLength: 120 })),
  /** The request's trace id (x-trace-id), when Playgate answered it. */
  trace: Type.Optional(Type.String({ maxLength: 64 })),
  /**
   * Caused by: the trace id of the request Playgate was serving when it made this call (the
   * MVPD authorization behind an authorize, the code exchange behind the MVPD's callback),
   * so the view draws it inside that request, before its answer, whatever the clocks say.
   */
  parent: Type.Optional(Type.String({ maxLength: 64 })),
  /**
   * How many identical consecutive calls this event stands for (default: 1). The server folds
   * a device's back-to-back media calls of one kind and status (segments) seen within one
   * write of the log into one event: `at`, `path` and `trace` are the first call's, `ms` the longest.
   */
  count: Type.Optional(Type.Integer({ minimum: 2 })),
});
export type JourneyEvent = Static<typeof JourneyEventSchema>;

export const JourneyResponseSchema = Type.Object({
  events: Type.Array(JourneyEventSchema),
  /** The latest seq of this server instance: pass it as `since` next time. */
  seq: Type.Integer({ minimum: 0 }),
  /** The server's clock (epoch ms), so the app can place events on its own timeline. */
  now: Type.Integer(),
});
export type JourneyResponse = Static<typeof JourneyResponseSchema>;
