// Config of TempPass (temp-pass/): pseudo-MVPDs that grant a free preview without a TV
// provider. basic: one pass per device; promotional: one per user identity (the hashed
// AP-TempPass-Identity), optionally limited to a number of distinct resources.
import { Type } from '@sinclair/typebox';

export const TempPassSchema = Type.Array(
  Type.Object(
    {
      id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' }),
      displayName: Type.String({ minLength: 1, maxLength: 80 }),
      kind: Type.Union([Type.Literal('basic'), Type.Literal('promotional')]),
      /** From the first authorization; the pass ends then, however much was watched. */
      durationSeconds: Type.Integer({ minimum: 1, maximum: 30 * 24 * 3600 }),
      /** Promotional only: at most this many distinct resources. */
      maxResources: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
      logo: Type.Optional(Type.String({ minLength: 1 })),
      /**
       * How long a used pass is remembered after it ended: the maintenance prunes it then, and
       * the device (basic) or identity (promotional) may have a new one. Until then only the
       * reset API starts it over (default 365: a viewer cannot get a new free preview by waiting less).
       */
      resetAfterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    },
    { additionalProperties: false },
  ),
);
