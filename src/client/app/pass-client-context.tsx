// Makes the one PassClient of this window available to queries and mutations.
import { createContext, useContext, type ReactNode } from 'react';
import type { PassClient } from '../lib/pass-client.ts';
import type { AppConfig } from '../../shared/api/app-config.ts';

interface Services {
  pass: PassClient;
  config: AppConfig;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ value, children }: { value: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={value}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const ctx = useContext(ServicesContext);
  if (!ctx) throw new Error('useServices outside ServicesProvider');
  return ctx;
}
