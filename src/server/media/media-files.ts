// Reads the committed HLS files (media/<resource>/...) with a strict file-name check,
// keeping them in memory after the first read: they are small and never change while
// the server runs, so the hot path costs no disk I/O.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const FILE_NAME = /^[A-Za-z0-9_-]{1,64}\.(m3u8|ts|m4s|mp4|aac)$/;

export const CONTENT_TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  aac: 'audio/aac',
};

export class MediaFiles {
  private readonly root: string;
  private readonly cache = new Map<string, Promise<Buffer | null>>();

  constructor(root: string, private readonly resources: Set<string>) {
    this.root = resolve(root);
  }

  isValidName(file: string): boolean {
    return FILE_NAME.test(file);
  }

  /** The file's bytes, or null when the resource or file does not exist. */
  read(resource: string, file: string): Promise<Buffer | null> {
    if (!this.resources.has(resource) || !FILE_NAME.test(file)) return Promise.resolve(null);
    const key = `${resource}/${file}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = readFile(join(this.root, resource, file)).catch(() => null);
      this.cache.set(key, hit);
    }
    return hit;
  }
}

export const extensionOf = (file: string) => file.slice(file.lastIndexOf('.') + 1);
