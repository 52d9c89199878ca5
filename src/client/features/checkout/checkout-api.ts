// The demo checkout's calls (/playgate/v1/checkout) with the viewer's SSO token: order a
// title's offer, the viewer's own grants (query), refund one. Keys only from queryOptions.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrderResult, ViewerGrants } from '../../../shared/api/checkout.ts';
import { checkoutPaths } from '../../../shared/checkout-paths.ts';
import { ApiError, isErrorBody } from '../../lib/api-error.ts';
import { recordCall } from '../../lib/call-log.ts';

async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, ssoToken: string, body?: unknown): Promise<T> {
  const res = await recordCall('Playgate', method, path, () =>
    fetch(path, {
      method,
      headers: { authorization: `Bearer ${ssoToken}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }),
  );
  const json: unknown = await res.json().catch(() => null);
  if (res.ok) return json as T;
  if (isErrorBody(json)) throw new ApiError(json);
  throw new Error(`checkout: HTTP ${res.status}`);
}

export const placeOrder = (entryId: string, ssoToken: string) => call<OrderResult>('POST', checkoutPaths.orders, ssoToken, { entryId });

export const viewerGrantsQuery = (viewer: string, ssoToken: string) =>
  queryOptions({
    queryKey: ['checkout', 'grants', viewer],
    queryFn: () => call<ViewerGrants>('GET', checkoutPaths.grants, ssoToken),
  });

export function useViewerGrants(viewer: string, ssoToken: string, enabled: boolean) {
  return useQuery({ ...viewerGrantsQuery(viewer, ssoToken), enabled });
}

/** Refund = revoke: the grant's titles stop playing; badges and the list follow. */
export function useRefund(ssoToken: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call<{ refunded: true }>('DELETE', checkoutPaths.grant(id), ssoToken),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['checkout'] });
      await queryClient.invalidateQueries({ queryKey: ['playback'] });
    },
  });
}
