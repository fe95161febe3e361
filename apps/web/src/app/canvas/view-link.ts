import { DOCUMENT, DestroyRef, Injectable, effect, inject } from '@angular/core';
import { Location } from '@angular/common';
import { ViewTarget, Viewport } from './viewport';

const WRITE_DELAY_MS = 400;

function readInt(params: URLSearchParams, name: string): number | null {
  const raw = params.get(name);
  if (raw === null || !/^\d+(\.\d+)?$/.test(raw)) return null;
  return Math.floor(Number(raw));
}

/**
 * Shareable view links `?x=&y=&z=`: read once when the page opens, then kept up to date
 * (replaceState, no history entries) with the selected pixel and the zoom.
 */
@Injectable()
export class ViewLink {
  private readonly location = inject(Location);
  private readonly viewport = inject(Viewport);
  private readonly doc = inject(DOCUMENT);
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    const destroyRef = inject(DestroyRef);
    effect(() => {
      this.viewport.selected();
      this.viewport.zoom();
      this.scheduleWrite();
    });
    destroyRef.onDestroy(() => this.timer !== null && clearTimeout(this.timer));
  }

  static parse(search: string): ViewTarget | null {
    const params = new URLSearchParams(search);
    const x = readInt(params, 'x');
    const y = readInt(params, 'y');
    if (x === null || y === null) return null;
    const z = Number(params.get('z'));
    return { x, y, zoom: Number.isFinite(z) && z > 0 ? z : null };
  }

  /** The link to the selected pixel (or the view centre) at the current zoom. */
  url(): string {
    return `${this.doc.location.origin}${this.location.prepareExternalUrl(this.path())}`;
  }

  private path(): string {
    const v = this.viewport;
    const p = v.selected() ?? v.pixelAt(v.centre());
    if (!p) return '/';
    const z = Math.round(v.zoom() * 10) / 10;
    return `/?x=${p.x}&y=${p.y}&z=${z}`;
  }

  private scheduleWrite(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.location.path().split('?')[0] === '') {
        this.location.replaceState(this.path());
      }
    }, WRITE_DELAY_MS);
  }
}
