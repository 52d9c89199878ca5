// The oidc-client-ts user the SPA stored (IndexedDB "playgate", store "kv", keys "oidc.*"):
// the tokens as the app kept them, for specs that check what a provider issued.
import { expect, type Page } from '@playwright/test';

export interface StoredOidcUser {
  id_token: string;
  access_token: string;
  refresh_token?: string;
}

export async function storedOidcUser(page: Page): Promise<StoredOidcUser> {
  const raw = await page.evaluate(
    () =>
      new Promise<string | null>((resolve, reject) => {
        const open = indexedDB.open('playgate');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('kv', 'readonly').objectStore('kv');
          const keys = store.getAllKeys();
          keys.onsuccess = () => {
            const key = (keys.result as string[]).find((k) => k.startsWith('oidc.user:'));
            if (!key) return resolve(null);
            const value = store.get(key);
            value.onsuccess = () => resolve(value.result as string);
          };
        };
      }),
  );
  expect(raw, 'a signed-in user in IndexedDB under oidc.user:*').not.toBeNull();
  return JSON.parse(raw!) as StoredOidcUser;
}
