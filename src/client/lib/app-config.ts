// Loads /app-config.json, the SPA's public settings, once at boot.
import type { AppConfig } from '../../shared/api/app-config.ts';

export async function fetchAppConfig(): Promise<AppConfig> {
  const res = await fetch('/app-config.json');
  if (!res.ok) throw new Error(`app config: HTTP ${res.status}`);
  return (await res.json()) as AppConfig;
}
