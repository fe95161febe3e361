import { ChangeDetectionStrategy, Component, DOCUMENT, ElementRef, computed, effect, inject, signal, viewChild } from '@angular/core';
import { Router } from '@angular/router';
import { ConfigStore } from '../api/config.store';
import { friendlyMessage, toApiFailure } from '../api/api-error';
import { AuthStore } from '../auth/auth.store';
import { SignInPrompt } from '../auth/sign-in-prompt';
import { CanvasStore } from '../canvas/canvas-store';
import { Viewport } from '../canvas/viewport';
import { I18n } from '../i18n/i18n';
import { ToastStore } from '../shell/toast.store';
import { readImageFile, quantizeOffThread, templateBitmap } from './image-source';
import { KeptTemplates } from './kept-templates';
import { RgbaImage } from './quantize';
import { centredPosition, clampPosition } from './template-geometry';
import { TemplateSession } from './template-session';
import { TemplatesApi } from './templates-api';

/** PROTOCOL §9 default `TEMPLATE_MAX_SIZE`. */
export const TEMPLATE_MAX_SIZE = 512;
const NAME_MAX = 64;
/** Small, so the canvas stays in sight on a phone while the template is dragged. */
const PREVIEW_MAX_CSS = 56;
/** After the panel grew with the preview, bring the new template into the free area. */
const SETTLE_MS = 150;
/** A small new template is not shown larger than this. */
const FOCUS_MAX_SCALE = 12;

/**
 * New template: pick an image, see it quantised to the palette, drag it into place on the
 * canvas (or type the corner), name it, save, then share the link.
 */
@Component({
  selector: 'pw-template-create',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'template-panel template-create' },
  template: `
    <h2 [class]="session.draft() ? 'visually-hidden' : 'template-panel__subtitle'">{{ t('templates.newTitle') }}</h2>
    @if (!session.draft() || settings()) {
      <label class="button button--small template-create__file">
        {{ source() ? t('templates.otherImage') : t('templates.chooseImage') }}
        <input type="file" accept="image/*" class="visually-hidden" data-testid="template-file" (change)="pick($event)" />
      </label>
    }
    @if (busy()) {
      <p class="muted" role="status"><span class="spinner" aria-hidden="true"></span> {{ t('templates.quantising') }}</p>
    }
    @if (error(); as message) {
      <p role="alert" class="template-create__error">{{ message }}</p>
    }
    @if (session.draft(); as draft) {
      <div class="template-create__preview">
        <canvas #preview class="template-create__image" data-testid="template-preview" [attr.aria-label]="t('templates.previewLabel')" role="img"></canvas>
        <div>
          <p class="template-create__size">{{ t('templates.size', { width: draft.image.width, count: draft.image.height }) }}</p>
          <p class="muted">{{ t('templates.dragHint') }}</p>
        </div>
      </div>
      @if (settings()) {
        <label class="template-panel__row">
          <span>{{ t('templates.maxSide') }}</span>
          <input type="range" min="8" [max]="maxAllowed()" step="1" data-testid="template-max-side" [value]="maxSide()" (change)="setMaxSide($event)" />
        </label>
        <div class="template-panel__row">
          <label
            >{{ t('templates.cornerX') }}
            <input type="number" class="template-create__coord" min="0" data-testid="template-x" [value]="draft.x" (change)="setCorner($event, 'x')"
          /></label>
          <label
            >{{ t('templates.cornerY') }}
            <input type="number" class="template-create__coord" min="0" data-testid="template-y" [value]="draft.y" (change)="setCorner($event, 'y')"
          /></label>
        </div>
        <label class="template-panel__row">
          <span>{{ t('templates.name') }}</span>
          <input type="text" maxlength="64" data-testid="template-name-input" [value]="name()" (input)="setName($event)" />
        </label>
      }
      <div class="template-panel__row">
        <button type="button" class="button button--primary" data-action="save-template" [disabled]="saving() || !validName()" (click)="save()">
          {{ auth.signedIn() ? t('templates.save') : t('templates.signInToSave') }}
        </button>
        <button type="button" class="button button--small" (click)="cancel()">{{ t('templates.cancel') }}</button>
        <button
          type="button"
          class="icon-button icon-button--flat"
          data-action="template-settings"
          [attr.aria-expanded]="settings()"
          [attr.aria-label]="t('templates.details')"
          [attr.title]="t('templates.details')"
          (click)="settings.set(!settings())"
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            @if (settings()) {
              <path d="M6 15l6-6 6 6" />
            } @else {
              <path d="M6 9l6 6 6-6" />
            }
          </svg>
        </button>
      </div>
    }
  `,
})
export class TemplateCreate {
  protected readonly session = inject(TemplateSession);
  protected readonly auth = inject(AuthStore);
  private readonly signIn = inject(SignInPrompt);
  private readonly viewport = inject(Viewport);
  private readonly store = inject(CanvasStore);
  private readonly config = inject(ConfigStore);
  private readonly api = inject(TemplatesApi);
  private readonly kept = inject(KeptTemplates);
  private readonly router = inject(Router);
  private readonly toasts = inject(ToastStore);
  private readonly doc = inject(DOCUMENT);
  protected readonly t = inject(I18n).t;
  private readonly preview = viewChild<ElementRef<HTMLCanvasElement>>('preview');

  protected readonly source = signal<RgbaImage | null>(null);
  protected readonly busy = signal(false);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly name = signal('');
  protected readonly maxSide = signal(TEMPLATE_MAX_SIZE);
  /** Size, corner and name: folded away by default (the name comes from the file). */
  protected readonly settings = signal(false);
  protected readonly validName = computed(() => {
    const length = this.name().trim().length;
    return length >= 1 && length <= NAME_MAX;
  });
  /** Never larger than the canvas, nor than TEMPLATE_MAX_SIZE. */
  protected readonly maxAllowed = computed(() => {
    const size = this.store.size();
    const source = this.source();
    const limit = Math.min(TEMPLATE_MAX_SIZE, size ? Math.min(size.width, size.height) : TEMPLATE_MAX_SIZE);
    return source ? Math.min(limit, Math.max(source.width, source.height)) : limit;
  });
  private request = 0;

  constructor() {
    effect(() => {
      const draft = this.session.draft();
      const canvas = this.preview()?.nativeElement;
      if (!draft || !canvas) return;
      const bitmap = templateBitmap(this.doc, draft.image, this.config.palette());
      const scale = Math.max(1, Math.floor(PREVIEW_MAX_CSS / Math.max(draft.image.width, draft.image.height)));
      canvas.width = draft.image.width;
      canvas.height = draft.image.height;
      canvas.style.width = `${Math.min(PREVIEW_MAX_CSS, draft.image.width * scale)}px`;
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    });
  }

  protected async pick(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.error.set(null);
    this.busy.set(true);
    try {
      const image = await readImageFile(file);
      this.source.set(image);
      if (!this.name()) this.name.set(file.name.replace(/\.[^.]+$/, '').slice(0, NAME_MAX));
      this.maxSide.set(this.maxAllowed());
      await this.quantise(true);
    } catch {
      this.error.set(this.t('templates.badImage'));
      this.busy.set(false);
    }
  }

  protected setMaxSide(event: Event): void {
    this.maxSide.set(Number((event.target as HTMLInputElement).value));
    void this.quantise(false);
  }

  protected setName(event: Event): void {
    this.name.set((event.target as HTMLInputElement).value);
  }

  protected setCorner(event: Event, axis: 'x' | 'y'): void {
    const value = Number((event.target as HTMLInputElement).value);
    const draft = this.session.draft();
    const canvas = this.store.size();
    if (!draft || !canvas || !Number.isFinite(value)) return;
    const at = clampPosition({ x: axis === 'x' ? value : draft.x, y: axis === 'y' ? value : draft.y }, draft.image, canvas);
    this.session.draft.set({ ...draft, ...at });
  }

  protected async save(): Promise<void> {
    const draft = this.session.draft();
    if (!draft || !this.validName()) return;
    if (!this.auth.signedIn()) {
      this.signIn.open();
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    try {
      const name = this.name().trim();
      const { id } = await this.api.create({ name, x: draft.x, y: draft.y, width: draft.image.width, height: draft.image.height, pixels: draft.image.pixels });
      this.kept.keep({ id, name });
      this.session.draft.set(null);
      this.toasts.show(this.t('templates.saved'), 'success');
      await this.router.navigate(['/t', id], { state: { details: true } });
    } catch (error) {
      this.error.set(friendlyMessage(toApiFailure(error), this.t));
    } finally {
      this.saving.set(false);
    }
  }

  protected cancel(): void {
    this.session.draft.set(null);
    this.source.set(null);
    this.name.set('');
    const last = this.kept.list()[0];
    void this.router.navigate(last ? ['/t', last.id] : ['/']);
  }

  /** Quantises the source at the chosen size; the first time, centres it in the view. */
  private async quantise(centre: boolean): Promise<void> {
    const source = this.source();
    const canvas = this.store.size();
    if (!source || !canvas) return;
    const request = ++this.request;
    this.busy.set(true);
    try {
      const image = await quantizeOffThread(source, this.config.palette(), Math.min(this.maxSide(), this.maxAllowed()));
      if (request !== this.request) return;
      const previous = this.session.draft();
      const middle = this.viewport.pixelAt(this.viewport.centre()) ?? { x: canvas.width / 2, y: canvas.height / 2 };
      const at = centre || !previous ? centredPosition(middle, image, canvas) : clampPosition(previous, image, canvas);
      this.session.draft.set({ image, ...at });
      if (centre) {
        // The sheet grows with the preview (its inset is measured by a ResizeObserver): show the template above it.
        setTimeout(() => {
          const draft = this.session.draft();
          const size = this.viewport.size();
          if (!draft) return;
          const fit = Math.min(size.width / draft.image.width, (this.viewport.centre().y * 2) / draft.image.height) * 0.5;
          this.viewport.focus(
            { x: draft.x + Math.floor(draft.image.width / 2), y: draft.y + Math.floor(draft.image.height / 2) },
            Math.min(fit, FOCUS_MAX_SCALE),
          );
        }, SETTLE_MS);
      }
    } catch {
      if (request === this.request) this.error.set(this.t('templates.badImage'));
    } finally {
      if (request === this.request) this.busy.set(false);
    }
  }
}
