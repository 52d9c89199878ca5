// Config of the Concurrency Monitoring service (stream-limits/): applications (the HTTP
// Basic user of /cm/v2), the policy each one is under, and the rules of each policy.
import { Type } from '@sinclair/typebox';

const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9 _./-]*$' });
const MetadataName = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9_]*$' });

const Rule = Type.Object(
  {
    name: Name,
    /** What is counted per value: `subject` (the account), or a metadata attribute such as `deviceId` or `channel`. */
    per: Type.Union([Type.Literal('subject'), MetadataName]),
    /** At most this many streams at once per value. */
    maxStreams: Type.Integer({ minimum: 1, maximum: 1000 }),
    /** block: over the limit a new stream is refused (409, no termination codes). stop-old: 409 names the other streams with their terminationCode; a retry with X-Terminate evicts them. */
    strategy: Type.Union([Type.Literal('block'), Type.Literal('stop-old')]),
    /** Only for these MVPDs (the CM `idp`); default: all. */
    idps: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1 })),
    /** Only streams whose metadata has these values (e.g. {"contentType": "live"}); the attributes become required metadata. */
    match: Type.Optional(Type.Record(MetadataName, Type.String({ minLength: 1, maxLength: 128 }))),
    message: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const ConcurrencySchema = Type.Object(
  {
    applications: Type.Array(
      Type.Object({ id: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.-]+$' }), name: Type.String({ minLength: 1, maxLength: 128 }), policy: Name }, { additionalProperties: false }),
      { minItems: 1 },
    ),
    policies: Type.Array(Type.Object({ name: Name, rules: Type.Array(Rule) }, { additionalProperties: false }), { minItems: 1 }),
    /** A session without a heartbeat for this long is gone (default 60); `Expires` says so. */
    sessionTimeoutSeconds: Type.Optional(Type.Integer({ minimum: 2, maximum: 3600 })),
    /** Adobe's throttling: requests per minute per session and per subject (default 200 each). */
    requestsPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);
