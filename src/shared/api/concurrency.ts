// Concurrency Monitoring API v2 shapes (Adobe's, as documented in help/concurrency-monitoring):
// the evaluation result of a 409 (rule-violation) or 410 (remote-termination) and running
// streams. The server's route schemas; the web app imports the types only (no TypeBox in its bundle).
import { Type, type Static } from '@sinclair/typebox';

/** A stream as shown to another device: who, where, since when (never its session id). */
export const StreamViewSchema = Type.Object({
  terminationCode: Type.Optional(Type.String()),
  metadata: Type.Record(Type.String(), Type.String()),
  channel: Type.String(),
  startedAt: Type.String({ description: 'ISO 8601' }),
  deviceName: Type.String(),
  applicationName: Type.String(),
});
export type StreamView = Static<typeof StreamViewSchema>;

export const RuleViolationSchema = Type.Object({
  type: Type.Literal('rule-violation'),
  message: Type.String(),
  policyName: Type.String(),
  ruleName: Type.String(),
  threshold: Type.Integer(),
  /** Conflicting value (the subject, a device id, a channel…) → the streams counted against it. */
  conflicts: Type.Record(Type.String(), Type.Array(StreamViewSchema)),
});
export type RuleViolation = Static<typeof RuleViolationSchema>;

export const RemoteTerminationSchema = Type.Object({
  type: Type.Literal('remote-termination'),
  message: Type.String(),
  terminator: Type.Omit(StreamViewSchema, ['terminationCode', 'metadata']),
});
export type RemoteTermination = Static<typeof RemoteTerminationSchema>;

export const EvaluationResultSchema = Type.Object({
  associatedAdvice: Type.Array(Type.Union([RuleViolationSchema, RemoteTerminationSchema])),
  obligations: Type.Optional(Type.Unknown()),
});
export type EvaluationResult = Static<typeof EvaluationResultSchema>;

export const RunningStreamSchema = Type.Object({
  sessionId: Type.String(),
  startTime: Type.Integer(),
  applicationId: Type.String(),
  applicationName: Type.String(),
  terminationCode: Type.String(),
  metadata: Type.Record(Type.String(), Type.String()),
});
export const RunningStreamsSchema = Type.Object({ runningStreams: Type.Array(RunningStreamSchema), otherStreams: Type.Integer() });
export type RunningStreams = Static<typeof RunningStreamsSchema>;
