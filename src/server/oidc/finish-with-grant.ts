// Ends an interaction of a first-party client: records the login (when it happened
// here) and grants what the client asked for, including its resource scopes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

export async function finishWithGrant(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  details: Details,
  opts: { accountId: string; login: boolean; /** How the login was made (e.g. `hba`), carried into the ID token's `amr`. */ amr?: string[] },
): Promise<void> {
  const clientId = String(details.params.client_id);
  const found = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  // Switching viewers (prompt=login as someone else): the session's grant is the previous
  // viewer's, and must not be reused for the new one.
  const grant = found && found.accountId === opts.accountId ? found : undefined;
  const next = grant ?? new provider.Grant({ accountId: opts.accountId, clientId });
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (details.params.scope) next.addOIDCScope(String(details.params.scope));
  if (missing.missingOIDCClaims) next.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) next.addResourceScope(indicator, scopes.join(' '));
  const grantId = await next.save();
  await provider.interactionFinished(
    req,
    res,
    { ...(opts.login ? { login: { accountId: opts.accountId, ...(opts.amr ? { amr: opts.amr } : {}) } } : {}), consent: { grantId } },
    { mergeWithLastSubmission: true },
  );
}
