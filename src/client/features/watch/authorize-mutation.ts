// POST /api/v2/{sp}/decisions/authorize/{mvpd}: Permit (with a media token) or Deny.
import { useMutation } from '@tanstack/react-query';
import type { Decision, DecisionsResponse } from '../../../shared/api/pass.ts';
import { passPaths } from '../../../shared/pass-paths.ts';
import type { PassClient } from '../../lib/pass-client.ts';
import { useServices } from '../../app/pass-client-context.tsx';

export async function authorizeResource(pass: PassClient, sp: string, mvpd: string, resource: string): Promise<Decision> {
  const res = await pass.request<DecisionsResponse>('POST', passPaths.authorize(sp, mvpd), { json: { resources: [resource] } });
  const decision = res.decisions[0];
  if (!decision) throw new Error('no decision returned');
  return decision;
}

export function useAuthorize() {
  const { pass, config } = useServices();
  return useMutation({ mutationFn: ({ mvpd, resource }: { mvpd: string; resource: string }) => authorizeResource(pass, config.serviceProvider, mvpd, resource) });
}
