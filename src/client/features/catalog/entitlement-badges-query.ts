// Badges for the catalog from pre-authorization (POST /playback/v1/preauthorize): what
// the viewer may watch now, and why not otherwise. Keyed by the viewer's profiles, so
// the badges refresh whenever a TV provider sign-in or logout changes them.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { formatDeviceIdentifier } from '../../../shared/device-identifier.ts';
import { ApiError, isErrorBody } from '../../lib/api-error.ts';
import { recordCall } from '../../lib/call-log.ts';
import { lockedLabel, type Offer } from '../checkout/offer-copy.ts';
import type { CatalogEntry } from '../../../shared/api/app-config.ts';

export interface EntryBadge {
  tone: 'ok' | 'locked' | 'warn';
  label: string;
}

interface EntryDecision {
  entryId: string;
  authorized: boolean;
  rule: string;
  code?: string;
}

export function badgeFor(d: EntryDecision, offer?: Offer): EntryBadge {
  if (d.authorized) {
    if (d.rule === 'internal-store') return { tone: 'ok', label: offer?.kind === 'subscription' ? `In your ${offer.name} plan` : 'Purchased' };
    return { tone: 'ok', label: d.rule === 'mvpd' ? 'Available with your TV provider' : 'Available' };
  }
  switch (d.code) {
    case 'authenticated_profile_missing':
      return { tone: 'warn', label: 'Needs your TV provider' };
    case 'authorization_denied_by_mvpd':
      return { tone: 'locked', label: 'Not in your package' };
    case 'authorization_denied_by_parental_controls':
      return { tone: 'locked', label: 'Parental lock' };
    case 'no_entitlement':
      return { tone: 'locked', label: lockedLabel(offer) };
    case 'network_connection_timeout':
    case 'network_received_error':
      return { tone: 'warn', label: 'Provider not answering' };
    default:
      return { tone: 'locked', label: 'Unavailable' };
  }
}

export const entitlementBadgesQuery = (entries: Array<Pick<CatalogEntry, 'id' | 'offer'>>, ssoToken: string, deviceId: string, profilesKey: string) =>
  queryOptions({
    queryKey: ['playback', 'badges', deviceId, ssoToken.slice(-16), profilesKey],
    queryFn: async () => {
      const path = '/playback/v1/preauthorize';
      const res = await recordCall('Playgate', 'POST', path, () =>
        fetch(path, {
          method: 'POST',
          headers: { authorization: `Bearer ${ssoToken}`, 'ap-device-identifier': formatDeviceIdentifier(deviceId), 'content-type': 'application/json' },
          body: JSON.stringify({ entryIds: entries.map((e) => e.id) }),
        }),
      );
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) throw isErrorBody(body) ? new ApiError(body) : new Error(`HTTP ${res.status}`);
      return Object.fromEntries((body as { decisions: EntryDecision[] }).decisions.map((d) => [d.entryId, badgeFor(d, entries.find((e) => e.id === d.entryId)?.offer)])) as Record<string, EntryBadge>;
    },
    staleTime: 30_000,
  });

export function useEntitlementBadges(entries: Array<Pick<CatalogEntry, 'id' | 'offer'>>, ssoToken: string | null, deviceId: string, profilesKey: string) {
  return useQuery({ ...entitlementBadgesQuery(entries, ssoToken ?? '', deviceId, profilesKey), enabled: ssoToken !== null });
}
