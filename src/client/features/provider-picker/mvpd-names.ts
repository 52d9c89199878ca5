// The viewer sees a TV provider's display name and logo, never its internal id: one lookup
// over the configuration query (the id stands in only until the configuration has loaded).
import { useCallback } from 'react';
import type { ConfigurationResponse } from '../../../shared/api/pass.ts';
import { useConfiguration } from './configuration-query.ts';

export type MvpdInfo = ConfigurationResponse['requestor']['mvpds'][number];

export function mvpdDisplayName(config: ConfigurationResponse | undefined, id: string): string {
  return config?.requestor.mvpds.find((m) => m.id === id)?.displayName ?? id;
}

export function useMvpdInfo(): { name(id: string): string; info(id: string): MvpdInfo | undefined } {
  const { data } = useConfiguration();
  const name = useCallback((id: string) => mvpdDisplayName(data, id), [data]);
  const info = useCallback((id: string) => data?.requestor.mvpds.find((m) => m.id === id), [data]);
  return { name, info };
}
