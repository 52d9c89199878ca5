// Config of partner single sign-on (partner-sso/): the partner frameworks (Apple-style
// TV provider sign-in at the device level) this requestor accepts, and which MVPDs each may sign in.
import { Type } from '@sinclair/typebox';

const MappingId = Type.String({ minLength: 1, maxLength: 128 });

export const PartnerSsoSchema = Type.Object(
  {
    partners: Type.Array(
      Type.Object(
        {
          /** The `{partner}` path segment and the profile's `issuer`, e.g. "Apple" (profile type "appleSSO"). */
          name: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z][A-Za-z0-9]*$' }),
          /** false: every request falls back to the basic flow (reasonType configuration_fallback; default true). */
          enabled: Type.Optional(Type.Boolean()),
          /**
           * The MVPDs this partner may sign in, keyed by the partner's mapping id (the
           * `frameworkProviderInfo.id` of AP-Partner-Framework-Status) → Playgate MVPD id.
           */
          mvpds: Type.Record(MappingId, Type.String({ minLength: 1, maxLength: 64 })),
          /**
           * Who signs the partner authentication responses (SAMLResponse): `simulated` = the
           * in-process partner framework simulator (dev stand-in, /partner-simulator); otherwise
           * the partner's public keys and issuer.
           */
          signer: Type.Union([
            Type.Literal('simulated'),
            Type.Object(
              {
                issuer: Type.String({ minLength: 1 }),
                jwks: Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1 }) }),
                algorithms: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
              },
              { additionalProperties: false },
            ),
          ]),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    /** Lifetime of a partner profile when the partner gives no earlier end (default: the MVPD's authenticationTtlSeconds). */
    profileTtlSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 400 * 24 * 3600 })),
  },
  { additionalProperties: false },
);
