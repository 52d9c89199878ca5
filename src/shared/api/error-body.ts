// The enhanced error body every failure is answered with (Adobe's ErrorInformation).
import { Type, type Static } from '@sinclair/typebox';

export const ErrorBodySchema = Type.Object(
  {
    action: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.String()),
    helpUrl: Type.String(),
    trace: Type.String(),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBodySchema>;
