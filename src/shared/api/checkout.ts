// The demo checkout's contract (/playgate/v1/checkout): a viewer buys a title's offer (a
// purchase, or a plan that grants an entitlement) and the grant goes into the internal
// entitlement store; Account lists the viewer's grants and refunds one (revokes it).
import { Type, type Static } from '@sinclair/typebox';
import { SafeText } from './safe-text.ts';

export { CHECKOUT_PATH, checkoutPaths } from '../checkout-paths.ts';

export const OrderBodySchema = Type.Object({ entryId: SafeText(64, 1) }, { additionalProperties: false });

export const ViewerGrantSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('purchase'), Type.Literal('subscription')]),
  entitlement: Type.String(),
  /** What it is, in the viewer's words: the title bought, or the plan. */
  name: Type.String(),
  /** The titles it opens. */
  titles: Type.Array(Type.String()),
  createdAt: Type.Integer(),
  notAfter: Type.Union([Type.Integer(), Type.Null()]),
});
export type ViewerGrant = Static<typeof ViewerGrantSchema>;

export const OrderResultSchema = Type.Object({
  /** Always true: no payment was taken. */
  demo: Type.Literal(true),
  grant: ViewerGrantSchema,
});
export type OrderResult = Static<typeof OrderResultSchema>;

export const ViewerGrantsSchema = Type.Object({ grants: Type.Array(ViewerGrantSchema) });
export type ViewerGrants = Static<typeof ViewerGrantsSchema>;
