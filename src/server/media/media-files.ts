// Reads the committed HLS files (media/<resource>/...) with a strict file-name check,
// keeping them in memory after the first read: they are small and never change while
// the server runs, so the hot path costs no disk I/O. Only regular files under the media
// root are served: the file is opened with O_NOFOLLOW and must fstat as a regular file,
// and the resource folder must resolve (realpath) inside the root — a planted symlink
// serves nothing. Only files that exist are kept, at most `maxEntries` (LRU): a stream of
// distinct names cannot grow the map.
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

const FILE_NAME = /^[A-Za-z0-9_-]{1,64}\.(m3u8|ts|m4s|mp4|aac)$/;

export const CONTENT_TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  aac: 'audio/aac',
};

/** Files kept in memory (default). The demo media is a few hundred files. */
export const DEFAULT_MAX_CACHED_FILES = 1024;

export class MediaFiles {
  private readonly root: string;
  /** Insertion order is recency: a hit is moved to the end, the oldest goes first. */
  private readonly cache = new Map<string, Promise<Buffer | null>>();
  /** The bytes each cached read resolved to (kept as long as its promise is). */
  private readonly loaded = new WeakMap<Promise<Buffer | null>, Buffer>();
  private realRoot: Promise<string> | undefined;

  constructor(
    root: string,
    private readonly resources: Set<string>,
    private readonly maxEntries = DEFAULT_MAX_CACHED_FILES,
  ) {
    this.root = resolve(root);
  }

  isValidName(file: string): boolean {
    return FILE_NAME.test(file);
  }

  /** How many files are held in memory (for tests and metrics). */
  get cachedCount(): number {
    return this.cache.size;
  }

  /** The file's bytes, or null when the resource or file does not exist or is not a regular file under the root. */
  read(resource: string, file: string): Promise<Buffer | null> {
    if (!this.resources.has(resource) || !FILE_NAME.test(file)) return Promise.resolve(null);
    const key = `${resource}/${file}`;
    const hit = this.touch(key);
    if (hit) return hit;
    const pending = this.readRegularFile(resource, file);
    this.cache.set(key, pending);
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    // A miss is not kept: names that do not exist never occupy the map.
    void pending.then((bytes) => {
      if (bytes) this.loaded.set(pending, bytes);
      else if (this.cache.get(key) === pending) this.cache.delete(key);
    });
    return pending;
  }

  /**
   * The bytes when they are already in memory (no promise: the hot path of a gated segment);
   * undefined when they are not, or not yet (then call `read`). Same name checks as `read`.
   */
  readNow(resource: string, file: string): Buffer | undefined {
    if (!this.resources.has(resource) || !FILE_NAME.test(file)) return undefined;
    const hit = this.touch(`${resource}/${file}`);
    return hit ? this.loaded.get(hit) : undefined;
  }

  /** The cached read for `key`, moved to most recently used. */
  private touch(key: string): Promise<Buffer | null> | undefined {
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
    }
    return hit;
  }

  private async readRegularFile(resource: string, file: string): Promise<Buffer | null> {
    try {
      this.realRoot ??= realpath(this.root);
      const root = await this.realRoot;
      const dir = await realpath(join(this.root, resource));
      if (!dir.startsWith(root + sep)) return null;
      const handle = await open(join(dir, file), constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        if (!(await handle.stat()).isFile()) return null;
        return await handle.readFile();
      } finally {
        await handle.close();
      }
    } catch {
      return null;
    }
  }
}

export const extensionOf = (file: string) => file.slice(file.lastIndexOf('.') + 1);
