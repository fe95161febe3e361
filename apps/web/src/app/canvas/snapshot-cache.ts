import { Injectable } from '@angular/core';

const CACHE_NAME = 'pixel-wars-canvas-v1';
const KEY = '/offline/last-canvas.pxw';

export interface CachedSnapshot {
  bytes: Uint8Array;
  savedAt: number;
}

/**
 * The last canvas seen, as snapshot bytes (docs/protocol.md 2.2) in Cache Storage, so the
 * offline screen still shows a picture. Every failure is silent: it is a nicety.
 */
@Injectable({ providedIn: 'root' })
export class SnapshotCache {
  private get storage(): CacheStorage | null {
    return typeof caches === 'undefined' ? null : caches;
  }

  async save(bytes: Uint8Array, savedAt = Date.now()): Promise<void> {
    try {
      const cache = await this.storage?.open(CACHE_NAME);
      const body = bytes.slice().buffer as ArrayBuffer;
      await cache?.put(KEY, new Response(body, { headers: { 'X-Saved-At': String(savedAt), 'Content-Type': 'application/octet-stream' } }));
    } catch {
      // Quota or private mode: nothing to do.
    }
  }

  async load(): Promise<CachedSnapshot | null> {
    try {
      const cache = await this.storage?.open(CACHE_NAME);
      const response = await cache?.match(KEY);
      if (!response) return null;
      const savedAt = Number(response.headers.get('X-Saved-At')) || 0;
      return { bytes: new Uint8Array(await response.arrayBuffer()), savedAt };
    } catch {
      return null;
    }
  }
}
