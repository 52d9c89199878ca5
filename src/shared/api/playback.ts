// Contracts of the Playback API (StreamAMG-style) and Playgate's own tools.
import { Type, type Static } from '@sinclair/typebox';
import { SafeText } from './safe-text.ts';

export const DecisionSummarySchema = Type.Object({
  rule: Type.String(),
  source: Type.String(),
  claim: Type.Optional(Type.String()),
  value: Type.Optional(Type.String()),
  trace: Type.String({ description: 'Trace id: GET /playgate/v1/traces/{trace} explains the decision' }),
});

export const PlaybackEntrySchema = Type.Object({
  entryId: Type.String(),
  title: Type.String(),
  description: Type.String(),
  kind: Type.String(),
  rating: Type.String(),
  playback: Type.Object({
    hls: Type.String({ description: 'Tokenised master playlist URL (relative to the app origin); the token works once' }),
    notBefore: Type.Integer(),
    notAfter: Type.Integer(),
  }),
  decision: DecisionSummarySchema,
});
export type PlaybackEntry = Static<typeof PlaybackEntrySchema>;

export const ClaimsTestRequestSchema = Type.Object({
  entryId: SafeText(64, 1),
  jwt: Type.Optional(Type.String({ minLength: 1, maxLength: 8192 })),
  claims: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  tenant: Type.Optional(SafeText(64, 1)),
});

export const ClaimsTestResponseSchema = Type.Object({
  entryId: Type.String(),
  decision: Type.String({ description: 'Permit, Deny, or Depends (decided by the MVPD at play time)' }),
  rule: Type.String(),
  claim: Type.Optional(Type.String()),
  value: Type.Optional(Type.String()),
  required: Type.Array(Type.String()),
  tokenVerified: Type.Boolean(),
  tokenProblem: Type.Optional(Type.String()),
  notes: Type.Array(Type.String()),
});
export type ClaimsTestResponse = Static<typeof ClaimsTestResponseSchema>;
