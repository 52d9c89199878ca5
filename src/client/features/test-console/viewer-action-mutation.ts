// The console's viewer actions (reset, expire profiles, expire cached decisions, short
// lifetimes — profile, media tokens, decisions — for the next sign-in), each one admin call; afterwards every Pass and Playback
// query refetches, so the catalog badges and account show the new state.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { QaClient } from '../../../shared/qa/qa-client.ts';
import type { LifetimesChoice } from './lifetimes-form.tsx';

export interface Target {
  /** The SSO identity of the signed-in viewer, when there is one. */
  sso: { iss: string; sub: string } | null;
  deviceId: string;
}

export type ViewerAction = { kind: 'reset' } | { kind: 'expire-profiles' } | { kind: 'expire-decisions' } | ({ kind: 'lifetime' } & LifetimesChoice);

export async function runViewerAction(qa: QaClient, target: Target, action: ViewerAction): Promise<string> {
  const who = { ...(target.sso ? { subject: target.sso.sub, issuer: target.sso.iss } : {}), deviceIds: [target.deviceId] };
  switch (action.kind) {
    case 'reset': {
      const r = await qa.resetViewer(who);
      return `Reset: ${r.profiles} profile(s), ${r.decisions} cached decision(s), ${r.sessions} session(s) removed; grants revoked ${r.grantsRevoked}, demo grants restored ${r.grantsRestored}.`;
    }
    case 'expire-profiles':
      return `${await qa.expireProfiles(who)} profile(s) expired now.`;
    case 'expire-decisions':
      return `${await qa.expireDecisions(who)} cached decision(s) dropped.`;
    case 'lifetime': {
      const { kind: _kind, ...lifetimes } = action;
      const o = await qa.setLifetimes({ ...(target.sso ? { subject: target.sso.sub, issuer: target.sso.iss } : { deviceId: target.deviceId }), ...lifetimes });
      const parts = [
        ...(o.profileSeconds ? [`a profile of ${o.profileSeconds} s`] : []),
        ...(o.mediaTokenSeconds ? [`media tokens of ${o.mediaTokenSeconds} s`] : []),
        ...(o.decisionSeconds ? [`decisions of ${o.decisionSeconds} s`] : []),
      ];
      return `The next TV provider sign-in gets ${parts.join(', ')}.`;
    }
  }
}

export function useViewerAction(qa: QaClient | null, target: Target) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: ViewerAction) => {
      if (!qa) throw new Error('no admin token');
      return runViewerAction(qa, target, action);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['pass'] });
      await queryClient.invalidateQueries({ queryKey: ['playback'] });
    },
  });
}
