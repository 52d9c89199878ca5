// A small key-value store on IndexedDB, shared by every tab of the origin. Why not
// localStorage: Chromium copies localStorage between tabs asynchronously, so a tab that
// takes the refresh lock right after another may still read the spent refresh token —
// and reusing it revokes the whole grant. IndexedDB transactions are consistent across
// tabs. Implements oidc-client-ts's StateStore, and tells other tabs of every change.
const DB_NAME = 'playgate';
const STORE = 'kv';
export const AUTH_CHANNEL = 'playgate-auth';

let opening: Promise<IDBDatabase> | undefined;

function db(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return opening;
}

async function run<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const tx = (await db()).transaction(STORE, mode);
  const req = op(tx.objectStore(STORE));
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = tx.onabort = () => reject(tx.error ?? req.error);
  });
}

const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(AUTH_CHANNEL);

export class IdbStateStore {
  constructor(private readonly prefix = '') {}

  async get(key: string): Promise<string | null> {
    return ((await run('readonly', (s) => s.get(this.prefix + key))) as string | undefined) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    await run('readwrite', (s) => s.put(value, this.prefix + key));
    channel?.postMessage({ key: this.prefix + key });
  }

  async remove(key: string): Promise<string | null> {
    const previous = await this.get(key);
    await run('readwrite', (s) => s.delete(this.prefix + key));
    channel?.postMessage({ key: this.prefix + key });
    return previous;
  }

  async getAllKeys(): Promise<string[]> {
    const keys = (await run('readonly', (s) => s.getAllKeys())) as string[];
    return keys.filter((k) => k.startsWith(this.prefix)).map((k) => k.slice(this.prefix.length));
  }
}

/** Calls `listener` when another tab changes a key of the store. */
export function onAuthStoreChange(listener: (key: string) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const listen = new BroadcastChannel(AUTH_CHANNEL);
  listen.onmessage = (e: MessageEvent<{ key: string }>) => listener(e.data.key);
  return () => listen.close();
}
