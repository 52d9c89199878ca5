// The MVPD obligations Playgate understands (XACML obligation ids, as Adobe's MVPD
// integration guide lists them), shared by the server that passes them through a
// decision and the app that fulfils them. Anything else an MVPD sends is dropped.
export const OBLIGATIONS = {
  /** Deny: the subscriber's package lacks the title; attributes `package` (id) and `packageName`. */
  upgrade: 'urn:tve:xacml:2.0:obligations:upgrade',
  /** Deny: a parental control check failed; attribute `maxRating` when the MVPD tells it. */
  restrictPc: 'urn:tve:xacml:2.0:obligations:restrict-pc',
  /** Permit: authorize again in `seconds`. */
  reAuthz: 'urn:cablelabs:olca:1.0:obligations:re-authz',
  /** Permit: the transaction is logged (Playgate's audit rows do that anyway). */
  log: 'urn:cablelabs:olca:1.0:obligations:log',
} as const;

export type ObligationId = (typeof OBLIGATIONS)[keyof typeof OBLIGATIONS];
export const OBLIGATION_IDS: readonly string[] = Object.values(OBLIGATIONS);

export interface Obligation {
  id: ObligationId;
  /** The obligation's XACML AttributeAssignments, as strings. */
  attributes?: Record<string, string>;
}

/** What a decision carries (its schema types the id as a plain string). */
type ObligationLike = { id: string; attributes?: Record<string, string> };

/** The re-authz delay in seconds, when the obligations carry a valid one. */
export function reAuthzSeconds(obligations: readonly ObligationLike[] | undefined): number | undefined {
  const raw = obligations?.find((o) => o.id === OBLIGATIONS.reAuthz)?.attributes?.seconds;
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export const findObligation = (obligations: readonly ObligationLike[] | undefined, id: ObligationId) => obligations?.find((o) => o.id === id);
