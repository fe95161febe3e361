import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { CanvasStore } from '../canvas/canvas-store';
import { KeptTemplates } from './kept-templates';
import { QuantizedImage } from './quantize';
import { PixelTemplate, TemplateProgress, WrongPixel } from './template-model';
import { computeProgress } from './template-progress';
import { TemplatesApi } from './templates-api';

/** How often the server's progress and grief list are read again while a template is open. */
const REFRESH_MS = 30_000;

export type LoadState = 'idle' | 'loading' | 'ready' | 'missing' | 'failed';

/** A template being created: the quantised image and where it lies. */
export interface Draft {
  image: QuantizedImage;
  x: number;
  y: number;
}

/**
 * State of the templates screen (one per page): the open template, the overlay settings,
 * live progress, the grief list, and the draft of a new template.
 */
@Injectable()
export class TemplateSession {
  private readonly api = inject(TemplatesApi);
  private readonly store = inject(CanvasStore);
  private readonly kept = inject(KeptTemplates);

  readonly id = signal<string | null>(null);
  readonly template = signal<PixelTemplate | null>(null);
  readonly state = signal<LoadState>('idle');
  readonly griefs = signal<readonly WrongPixel[]>([]);
  readonly opacity = signal(0.6);
  readonly symbols = signal(false);
  /** The palette colour armed on the play screen (fix mode preselects the wanted one). */
  readonly armed = signal<number | null>(null);
  readonly draft = signal<Draft | null>(null);

  /** Progress from the live canvas once it is loaded, else the server's last figure. */
  readonly progress = computed<TemplateProgress | null>(() => {
    const template = this.template();
    if (!template) return null;
    this.store.version();
    if (!this.store.ready()) return template.progress;
    return computeProgress(template, (x, y) => this.store.colorAt(x, y));
  });

  /** What the overlay shows: the draft while creating, else the open template. */
  readonly shown = computed(() => {
    const draft = this.draft();
    if (draft) return { x: draft.x, y: draft.y, width: draft.image.width, height: draft.image.height, pixels: draft.image.pixels };
    return this.template();
  });

  private timer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.open(id));
    });
    inject(DestroyRef).onDestroy(() => this.stopRefresh());
  }

  /** Reads the grief list again (and returns it); keeps the old one when offline. */
  async loadGriefs(): Promise<readonly WrongPixel[]> {
    const id = this.id();
    if (!id) return [];
    try {
      const list = await this.api.wrong(id);
      if (this.id() === id) this.griefs.set(list);
    } catch {
      // Offline or gone: the last list (and the live canvas) still guide the fix.
    }
    return this.griefs();
  }

  private async open(id: string | null): Promise<void> {
    this.stopRefresh();
    this.template.set(null);
    this.griefs.set([]);
    if (!id) {
      this.state.set('idle');
      return;
    }
    this.state.set('loading');
    try {
      const template = await this.api.get(id);
      if (this.id() !== id) return;
      this.template.set(template);
      this.state.set('ready');
      this.kept.keep({ id, name: template.name });
      void this.loadGriefs();
      this.timer = setInterval(() => void this.refresh(id), REFRESH_MS);
    } catch (error) {
      if (this.id() !== id) return;
      const status = (error as { status?: number }).status;
      this.state.set(status === 404 || status === 400 ? 'missing' : 'failed');
    }
  }

  private async refresh(id: string): Promise<void> {
    try {
      const template = await this.api.get(id);
      if (this.id() === id) this.template.set(template);
    } catch {
      // Keep what we have; the live canvas keeps the percentage current.
    }
    await this.loadGriefs();
  }

  private stopRefresh(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
