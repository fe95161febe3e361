import { ChangeDetectionStrategy, Component, DOCUMENT, computed, effect, inject, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { ConfigStore } from '../api/config.store';
import { friendlyMessage, toApiFailure } from '../api/api-error';
import { AuthStore } from '../auth/auth.store';
import { CanvasStore } from '../canvas/canvas-store';
import { describeColor } from '../canvas/color-names';
import { MIN_PLACE_SCALE, MIN_PLACE_SCALE_TOUCH } from '../canvas/view-limits';
import { Point } from '../canvas/view-transform';
import { ViewLink } from '../canvas/view-link';
import { Viewport } from '../canvas/viewport';
import { I18n } from '../i18n/i18n';
import { ToastStore } from '../shell/toast.store';
import { glyphFor } from './glyphs';
import { KeptTemplates } from './kept-templates';
import { SYMBOLS_FROM_SCALE } from './template-layer';
import { TRANSPARENT, WrongPixel } from './template-model';
import { nextWrong } from './template-progress';
import { TemplateSession } from './template-session';
import { TemplatesApi } from './templates-api';

/** Opening a small template does not zoom in further than this. */
const FOCUS_MAX_SCALE = 16;

/**
 * The open template on the play screen: name and live progress, "next wrong pixel" (fix
 * mode), and behind a toggle the overlay settings, the grief list, sharing and switching.
 */
@Component({
  selector: 'pw-template-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  host: { class: 'template-panel' },
  template: `
    @switch (session.state()) {
      @case ('loading') {
        <p class="muted" role="status"><span class="spinner" aria-hidden="true"></span> {{ t('templates.loading') }}</p>
      }
      @case ('missing') {
        <p role="alert">{{ t('templates.missing') }}</p>
        <a class="button button--small" routerLink="/t">{{ t('templates.create') }}</a>
      }
      @case ('failed') {
        <p role="alert">{{ t('templates.loadFailed') }}</p>
      }
    }
    @if (session.template(); as template) {
      <div class="template-panel__head">
        <div class="template-panel__title">
          <strong class="template-panel__name" translate="no" data-testid="template-name">{{ template.name }}</strong>
          @if (session.progress(); as p) {
            <span class="template-panel__progress" data-testid="template-progress" [attr.data-percent]="p.percent">
              {{ t('templates.progress', { percent: percent(p.percent), matching: p.matching, count: p.total }) }}
            </span>
            <progress class="template-panel__bar" max="100" [value]="p.percent" [attr.aria-label]="t('templates.progressLabel')"></progress>
          }
        </div>
        <button type="button" class="button button--primary button--small" data-action="next-wrong" (click)="fixNext()">{{ t('templates.nextWrong') }}</button>
        <button
          type="button"
          class="icon-button icon-button--flat"
          data-action="template-details"
          [attr.aria-expanded]="open()"
          [attr.aria-label]="t('templates.details')"
          [attr.title]="t('templates.details')"
          (click)="open.set(!open())"
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            @if (open()) {
              <path d="M6 15l6-6 6 6" />
            } @else {
              <path d="M6 9l6 6 6-6" />
            }
          </svg>
        </button>
      </div>
      @if (open()) {
        <div class="template-panel__details">
          <label class="template-panel__row">
            <span>{{ t('templates.opacity') }}</span>
            <input type="range" min="0" max="100" step="5" data-testid="template-opacity" [value]="session.opacity() * 100" (input)="setOpacity($event)" />
          </label>
          <label class="template-panel__row">
            <input type="checkbox" data-testid="template-symbols" [checked]="session.symbols()" (change)="setSymbols($event)" />
            <span>{{ t('templates.symbols') }}</span>
          </label>
          @if (session.symbols()) {
            @if (viewport.zoom() < symbolsFrom) {
              <p class="muted">{{ t('templates.symbolsZoom') }}</p>
            }
            <ul class="template-legend" [attr.aria-label]="t('templates.legend')">
              @for (entry of legend(); track entry.index) {
                <li class="template-legend__item">
                  <span class="template-legend__swatch" [style.background]="entry.hex" aria-hidden="true"></span>
                  <span class="template-legend__glyph" translate="no">{{ entry.glyph }}</span>
                  <span class="muted">{{ entry.name }}</span>
                </li>
              }
            </ul>
          }
          <div class="template-panel__row">
            <input class="template-panel__link" readonly [value]="link()" [attr.aria-label]="t('templates.link')" (focus)="selectAll($event)" />
            <button type="button" class="button button--small" data-action="share-template" (click)="share()">{{ t('templates.share') }}</button>
          </div>
          <section [attr.aria-label]="t('templates.griefs')">
            <h2 class="template-panel__subtitle">{{ t('templates.griefs') }}</h2>
            @if (session.griefs().length === 0) {
              <p class="muted" data-testid="griefs-empty">{{ t('templates.noGriefs') }}</p>
            } @else {
              <ol class="grief-list" data-testid="grief-list">
                @for (g of session.griefs().slice(0, 20); track g.x + ',' + g.y + ',' + g.version) {
                  <li>
                    <button type="button" class="grief-list__item" (click)="fixAt(g)">
                      <span class="grief-list__swatch" [style.background]="hex(g.have)" aria-hidden="true"></span>
                      <span class="grief-list__arrow" aria-hidden="true">→</span>
                      <span class="grief-list__swatch" [style.background]="hex(g.want)" aria-hidden="true"></span>
                      <span>{{ griefLine(g) }}</span>
                    </button>
                  </li>
                }
              </ol>
            }
          </section>
          <nav class="template-panel__switch" [attr.aria-label]="t('templates.kept')">
            <h2 class="template-panel__subtitle">{{ t('templates.kept') }}</h2>
            <ul class="template-panel__kept">
              @for (k of switchable(); track k.id) {
                <li>
                  <a [routerLink]="['/t', k.id]" [attr.aria-current]="k.id === template.id ? 'page' : null" translate="no">{{ k.name }}</a>
                  @if (k.id !== template.id) {
                    <button
                      type="button"
                      class="icon-button icon-button--flat icon-button--small"
                      [attr.aria-label]="t('templates.forget', { name: k.name })"
                      (click)="kept.forget(k.id)"
                    >
                      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" /></svg>
                    </button>
                  }
                </li>
              }
            </ul>
            <div class="template-panel__row">
              <a class="button button--small" routerLink="/t" data-action="new-template">{{ t('templates.create') }}</a>
              @if (canDelete()) {
                <button type="button" class="button button--small button--danger" (click)="remove()">{{ t('templates.delete') }}</button>
              }
            </div>
          </nav>
        </div>
      }
    }
  `,
})
export class TemplatePanel {
  protected readonly session = inject(TemplateSession);
  protected readonly viewport = inject(Viewport);
  protected readonly kept = inject(KeptTemplates);
  private readonly store = inject(CanvasStore);
  private readonly config = inject(ConfigStore);
  private readonly auth = inject(AuthStore);
  private readonly api = inject(TemplatesApi);
  private readonly router = inject(Router);
  private readonly toasts = inject(ToastStore);
  private readonly i18n = inject(I18n);
  private readonly window = inject(DOCUMENT).defaultView;
  protected readonly t = this.i18n.t;
  protected readonly symbolsFrom = SYMBOLS_FROM_SCALE;
  /** The details start open right after saving (the share link is there). */
  protected readonly open = signal(!!(this.window?.history.state as { details?: boolean } | null)?.details);
  private readonly coarse = this.window?.matchMedia?.('(pointer: coarse)').matches ?? false;
  /** The pixel "next wrong" showed last: the next tap moves on from it. */
  private lastFix: Point | null = null;

  /** The template the view was last brought to (once per template opened). */
  private focusedFor: string | null = null;

  constructor() {
    effect(() => {
      if (!this.open() || !this.auth.signedIn()) return;
      untracked(() =>
        this.api.mine().then(
          (list) => this.mine.set(list.map(({ id, name }) => ({ id, name }))),
          () => undefined, // Offline: the kept list alone.
        ),
      );
    });
    // Opening a template shows it (a link to a pixel, ?x=&y=, wins).
    effect(() => {
      const template = this.session.template();
      const size = this.viewport.size();
      if (!template || !this.store.ready() || size.width === 0 || this.focusedFor === template.id) return;
      this.focusedFor = template.id;
      if (ViewLink.parse(this.window?.location.search ?? '')) return;
      const fit = Math.min(size.width / template.width, size.height / template.height) * 0.5;
      const middle = { x: template.x + Math.floor(template.width / 2), y: template.y + Math.floor(template.height / 2) };
      untracked(() => this.viewport.focus(middle, Math.min(fit, FOCUS_MAX_SCALE)));
    });
  }

  protected readonly link = computed(() => `${this.window?.location.origin ?? ''}/t/${this.session.template()?.id ?? ''}`);
  protected readonly canDelete = computed(() => {
    const user = this.auth.user();
    const owner = this.session.template()?.owner;
    return !!user && (user.role === 'admin' || (!!owner && owner.id === user.id));
  });
  /** The caller's own templates on the server (`?owner=me`), read when the details open. */
  private readonly mine = signal<readonly { id: string; name: string }[]>([]);
  /** Kept in this browser first, then the caller's own from the server. */
  protected readonly switchable = computed(() => {
    const kept = this.kept.list();
    return [...kept, ...this.mine().filter((m) => !kept.some((k) => k.id === m.id))];
  });
  /** The colours the template uses, with their glyphs (symbol mode). */
  protected readonly legend = computed(() => {
    const template = this.session.template();
    if (!template) return [];
    const used = new Set<number>();
    for (const p of template.pixels) if (p !== TRANSPARENT) used.add(p);
    const palette = this.config.palette();
    return [...used]
      .sort((a, b) => a - b)
      .map((index) => ({ index, glyph: glyphFor(index), hex: palette[index] ?? '#000000', name: describeColor(palette[index] ?? '#000000', this.t) }));
  });

  protected percent(value: number): string {
    return this.i18n.number(value, { maximumFractionDigits: 1 });
  }

  protected hex(index: number): string {
    return this.config.palette()[index] ?? '#000000';
  }

  protected griefLine(g: WrongPixel): string {
    const params = { x: g.x, y: g.y, want: describeColor(this.hex(g.want), this.t), have: describeColor(this.hex(g.have), this.t) };
    return g.user ? this.t('templates.griefBy', { ...params, name: g.user.name }) : this.t('templates.griefUnknown', params);
  }

  /** Fix mode: the most recently griefed pixel, selected, with its wanted colour armed. */
  protected async fixNext(): Promise<void> {
    const template = this.session.template();
    if (!template) return;
    const griefs = await this.session.loadGriefs();
    const target = nextWrong(template, griefs, (x, y) => this.store.colorAt(x, y), this.lastFix);
    if (!target) {
      this.toasts.show(this.t('templates.complete'), 'success');
      return;
    }
    this.jump(target, target.want);
  }

  protected fixAt(g: WrongPixel): void {
    this.jump(g, g.want);
  }

  private jump(at: Point, want: number): void {
    this.lastFix = { x: at.x, y: at.y };
    this.viewport.selected.set({ x: at.x, y: at.y });
    this.viewport.focus(at, (this.coarse ? MIN_PLACE_SCALE_TOUCH : MIN_PLACE_SCALE) * 2);
    this.session.armed.set(want);
  }

  protected setOpacity(event: Event): void {
    this.session.opacity.set(Number((event.target as HTMLInputElement).value) / 100);
  }

  protected setSymbols(event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    this.session.symbols.set(on);
    const selected = this.viewport.selected() ?? this.viewport.pixelAt(this.viewport.centre());
    if (on && selected && this.viewport.zoom() < SYMBOLS_FROM_SCALE) this.viewport.focus(selected, SYMBOLS_FROM_SCALE * 2);
  }

  protected selectAll(event: FocusEvent): void {
    (event.target as HTMLInputElement).select();
  }

  protected async share(): Promise<void> {
    const url = this.link();
    const nav = this.window?.navigator;
    try {
      if (nav?.share && this.coarse) {
        await nav.share({ title: this.session.template()?.name ?? this.t('app.name'), url });
      } else {
        await nav?.clipboard.writeText(url);
        this.toasts.show(this.t('templates.linkCopied'), 'success');
      }
    } catch (error) {
      if ((error as Error)?.name !== 'AbortError') this.toasts.show(url, 'info');
    }
  }

  protected async remove(): Promise<void> {
    const template = this.session.template();
    if (!template || !this.window?.confirm(this.t('templates.confirmDelete', { name: template.name }))) return;
    try {
      await this.api.remove(template.id);
      this.kept.forget(template.id);
      this.toasts.show(this.t('templates.deleted'), 'success');
      void this.router.navigate(['/t']);
    } catch (error) {
      this.toasts.show(friendlyMessage(toApiFailure(error), this.t), 'error');
    }
  }
}
