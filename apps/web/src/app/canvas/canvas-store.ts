import { DOCUMENT, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { CanvasSnapshot, base64ToBytes, decodeBatchFrame, decodeSnapshot, encodeSnapshot } from '@pixel-wars/protocol';
import { CatchUp, ChangesRequest } from '@pixel-wars/protocol';
import { ConfigStore } from '../api/config.store';
import { CanvasImage } from './canvas-image';
import { ChangesClient } from './changes-client';
import { SnapshotCache } from './snapshot-cache';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 15_000;
/** While live, the last canvas is written to the offline cache at most this often. */
const LIVE_SAVE_EVERY_MS = 60_000;

/**
 * The canvas everyone sees: the bitmap and its exact version (CatchUp from the protocol
 * library), the image the view paints, and the offline copy.
 */
@Injectable({ providedIn: 'root' })
export class CanvasStore {
  private readonly config = inject(ConfigStore);
  private readonly changes = inject(ChangesClient);
  private readonly cache = inject(SnapshotCache);
  private readonly doc = inject(DOCUMENT);

  readonly image = new CanvasImage(this.doc);
  private readonly versionState = signal(-1);
  private readonly sizeState = signal<{ width: number; height: number } | null>(null);
  /** When the picture shown comes from the offline copy: the time it was saved. */
  private readonly cachedAtState = signal<number | null>(null);
  private fetching = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private lastSaveAt = 0;
  private lastSavedVersion = -1;

  private readonly sync = new CatchUp({
    pixel: (x, y, color) => this.image.pixel(x, y, color),
    reset: (color) => {
      this.image.reset(color);
      this.afterReset();
    },
    replaced: (snapshot) => this.onReplaced(snapshot),
  });

  readonly version = this.versionState.asReadonly();
  readonly size = this.sizeState.asReadonly();
  readonly cachedAt = this.cachedAtState.asReadonly();
  readonly ready = computed(() => this.sizeState() !== null);

  constructor() {
    effect(() => {
      const palette = this.config.palette();
      untracked(() => this.image.setPalette(palette, this.sync.pixels));
    });
    const save = () => this.saveLive(true);
    this.doc.addEventListener('visibilitychange', () => this.doc.visibilityState === 'hidden' && save());
    this.doc.defaultView?.addEventListener('pagehide', save);
  }

  /** Palette index of a pixel, or null outside the canvas. */
  colorAt(x: number, y: number): number | null {
    const pixels = this.sync.pixels;
    if (!pixels || x < 0 || y < 0 || x >= this.sync.width || y >= this.sync.height) return null;
    return pixels[y * this.sync.width + x];
  }

  /** Shows the offline copy until the network answers (start-up, offline). */
  async restoreFromCache(): Promise<void> {
    const cached = await this.cache.load();
    if (!cached || this.sync.pixels) return;
    try {
      this.sync.loadSnapshot(decodeSnapshot(cached.bytes));
      this.cachedAtState.set(cached.savedAt);
      this.publish();
    } catch {
      // A stale or damaged copy is simply not shown.
    }
  }

  /** A snapshot from `GET /api/canvas` (guest polling). */
  acceptSnapshot(bytes: Uint8Array): void {
    const snapshot = decodeSnapshot(bytes);
    // The first network snapshot always replaces the offline copy, even if "older".
    const force = this.cachedAtState() !== null;
    if (this.sync.loadSnapshot(snapshot, force)) void this.cache.save(bytes);
    this.cachedAtState.set(null);
    this.publish();
  }

  /** A `pixels` event (base64 batch frame). Malformed frames are dropped. */
  acceptFrame(frameBase64: string): void {
    let outcome;
    try {
      outcome = this.sync.receiveFrame(decodeBatchFrame(base64ToBytes(frameBase64)));
    } catch {
      return;
    }
    if (outcome.kind === 'fetch') this.fetch(outcome.request);
    this.publish();
    this.saveLive(false);
  }

  /** Compares with the server now (the realtime channel just connected). */
  checkNow(): void {
    const request = this.sync.checkNow();
    if (request) this.fetch(request);
  }

  /** Re-reads the whole canvas from the server ('S' answer), e.g. after a resize. */
  resync(): void {
    this.fetch({ since: null });
  }

  private fetch(request: ChangesRequest): void {
    if (this.fetching) return;
    this.fetching = true;
    this.changes.fetch(request).then(
      (answer) => {
        this.fetching = false;
        this.retryMs = RETRY_MIN_MS;
        this.cachedAtState.set(null);
        const next = this.sync.applyChanges(answer);
        this.publish();
        if (next) this.fetch(next);
      },
      () => {
        this.fetching = false;
        const retry = this.sync.changesFailed() ?? request;
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = null;
          this.fetch(this.sync.pendingRequest ?? retry);
        }, this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
      },
    );
  }

  private onReplaced(snapshot: CanvasSnapshot): void {
    this.image.replace(snapshot.pixels, snapshot.width, snapshot.height);
    const size = this.sizeState();
    if (!size || size.width !== snapshot.width || size.height !== snapshot.height) {
      this.sizeState.set({ width: snapshot.width, height: snapshot.height });
      // A new game may also have brought a new palette.
      const config = this.config.config();
      if (size && config && (config.width !== snapshot.width || config.height !== snapshot.height)) void this.config.load();
    }
  }

  /** An admin cleared the canvas or started a new game: the size or palette may have changed. */
  private afterReset(): void {
    void this.config.load().then(() => {
      const config = this.config.config();
      if (config && (config.width !== this.sync.width || config.height !== this.sync.height)) this.resync();
    });
  }

  private publish(): void {
    this.versionState.set(this.sync.version);
  }

  /**
   * Writes the live canvas to the offline copy: stored (zlib level 0) rather than
   * compressed, so it costs a copy and a checksum (~15 ms for 2000×2000), done when the
   * page is idle, or at once when it is being hidden.
   */
  private saveLive(now: boolean): void {
    if (!this.sync.pixels || this.sync.version === this.lastSavedVersion || this.cachedAtState() !== null) return;
    if (!now && Date.now() - this.lastSaveAt < LIVE_SAVE_EVERY_MS) return;
    this.lastSaveAt = Date.now();
    const write = () => {
      const pixels = this.sync.pixels;
      if (!pixels) return;
      this.lastSavedVersion = this.sync.version;
      const snapshot = { width: this.sync.width, height: this.sync.height, version: this.sync.version, pixels };
      void this.cache.save(encodeSnapshot(snapshot, 0));
    };
    const idle = this.doc.defaultView?.requestIdleCallback;
    if (now || !idle) write();
    else idle.call(this.doc.defaultView, write, { timeout: 5000 });
  }
}
