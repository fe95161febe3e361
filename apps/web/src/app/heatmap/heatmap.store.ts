import { HttpClient } from '@angular/common/http';
import { DOCUMENT, Injectable, inject, signal } from '@angular/core';
import { HeatmapWindow, decodeSnapshot } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { I18n } from '../i18n/i18n';
import { ToastStore } from '../shell/toast.store';
import { heatPixels } from './heat-ramp';

/** While shown, the layer is fetched again this often (the server caches it). */
const REFRESH_MS = 60_000;
const CYCLE: readonly (HeatmapWindow | null)[] = [null, 'hour', 'day'];

/**
 * `GET /api/canvas/heatmap?window=`: activity over the last hour or day as a bitmap the
 * size of the canvas, drawn over it through the same view transform.
 */
@Injectable({ providedIn: 'root' })
export class HeatmapStore {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);
  private readonly toasts = inject(ToastStore);
  private readonly t = inject(I18n).t;
  private readonly windowState = signal<HeatmapWindow | null>(null);
  private readonly layerState = signal<HTMLCanvasElement | null>(null);
  private timer: ReturnType<typeof setInterval> | null = null;
  private request = 0;

  /** The window shown (null: off). */
  readonly window = this.windowState.asReadonly();
  /** The coloured layer, one pixel per canvas pixel (null while off or loading). */
  readonly layer = this.layerState.asReadonly();

  /** Off → last hour → last day → off. */
  cycle(): void {
    const next = CYCLE[(CYCLE.indexOf(this.windowState()) + 1) % CYCLE.length];
    this.show(next);
  }

  show(window: HeatmapWindow | null): void {
    this.windowState.set(window);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (window === null) {
      this.request++;
      this.layerState.set(null);
      return;
    }
    void this.load(window);
    this.timer = setInterval(() => void this.load(window), REFRESH_MS);
  }

  private async load(window: HeatmapWindow): Promise<void> {
    const request = ++this.request;
    try {
      const bytes = await firstValueFrom(this.http.get('/api/canvas/heatmap', { params: { window }, responseType: 'arraybuffer' }));
      const snapshot = decodeSnapshot(new Uint8Array(bytes));
      if (request !== this.request) return;
      const layer = this.document.createElement('canvas');
      layer.width = snapshot.width;
      layer.height = snapshot.height;
      layer.getContext('2d')?.putImageData(new ImageData(heatPixels(snapshot.pixels), snapshot.width, snapshot.height), 0, 0);
      this.layerState.set(layer);
    } catch {
      if (request !== this.request) return;
      this.show(null);
      this.toasts.show(this.t('heatmap.failed'), 'error');
    }
  }
}
