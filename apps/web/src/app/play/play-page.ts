import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  ElementRef,
  afterNextRender,
  computed,
  effect,
  inject,
  model,
  viewChild,
} from '@angular/core';
import { ConfigStore } from '../api/config.store';
import { HeatmapLegend } from '../heatmap/heatmap-legend';
import { I18n } from '../i18n/i18n';
import { AuthStore } from '../auth/auth.store';
import { CanvasPick, CanvasView } from '../canvas/canvas-view';
import { CanvasStore } from '../canvas/canvas-store';
import { CoordsChip } from '../canvas/coords-chip';
import { GuestPoller } from '../canvas/guest-poller';
import { PixelInfoCard } from '../canvas/pixel-info-card';
import { MIN_PLACE_SCALE, MIN_PLACE_SCALE_TOUCH } from '../canvas/view-limits';
import { ViewControls } from '../canvas/view-controls';
import { ViewLink } from '../canvas/view-link';
import { Viewport } from '../canvas/viewport';
import { OfflineBanner } from '../shell/offline-banner';
import { ToastStore } from '../shell/toast.store';
import { PaletteBar } from './palette-bar';
import { PlaceControl } from './place-control';
import { Placement } from './placement';
import { PlaySession } from './play-session';
import { StatusPanel } from './status-panel';

/** The game screen: the canvas with its controls, the status, the palette and the place button. */
@Component({
  selector: 'pw-play-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [Viewport, ViewLink],
  imports: [CanvasView, CoordsChip, HeatmapLegend, ViewControls, PixelInfoCard, StatusPanel, PaletteBar, PlaceControl, OfflineBanner],
  host: { class: 'play' },
  template: `
    <h1 class="visually-hidden">{{ t('play.heading') }}</h1>
    <pw-canvas-view class="play__canvas" [pending]="pendingOverlays()" [armedColor]="armedHex()" (picked)="onPick($event)" />
    <ng-content select="[canvasLayer]" />
    @if (!store.ready()) {
      <div class="play__loading" role="status"><span class="spinner" aria-hidden="true"></span> {{ t('play.loading') }}</div>
    }
    <div class="play__top">
      <pw-coords-chip />
      <pw-offline-banner />
      <pw-heatmap-legend />
    </div>
    <pw-view-controls class="play__controls" />
    <section #sheet class="play__sheet" [attr.aria-label]="t('play.controls')">
      <ng-content />
      @if (viewport.selected(); as pixel) {
        <pw-pixel-info-card [pixel]="pixel" (closed)="viewport.selected.set(null)" (share)="share()" animate.enter="slide-in" />
      }
      <pw-status-panel />
      @if (canChoose()) {
        <div class="play__palette" animate.enter="slide-in">
          <pw-palette-bar [palette]="config.palette()" [(selected)]="armed" [disabled]="session.phase() !== 'playing' && session.phase() !== 'queued'" />
          <pw-place-control
            [pixel]="viewport.selected()"
            [color]="armedHex()"
            [minScale]="minPlaceScale()"
            (confirm)="placeSelected()"
            (zoomIn)="zoomToSelection()"
          />
        </div>
      }
    </section>
  `,
})
export class PlayPage {
  protected readonly store = inject(CanvasStore);
  protected readonly config = inject(ConfigStore);
  protected readonly session = inject(PlaySession);
  protected readonly viewport = inject(Viewport);
  private readonly auth = inject(AuthStore);
  private readonly placement = inject(Placement);
  private readonly poller = inject(GuestPoller);
  private readonly link = inject(ViewLink);
  private readonly toasts = inject(ToastStore);
  protected readonly t = inject(I18n).t;
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly sheet = viewChild.required<ElementRef<HTMLElement>>('sheet');

  /** The colour chosen in the palette (null: none; clicks then only select). A page that wraps this one may set it. */
  readonly armed = model<number | null>(null);
  protected readonly armedHex = computed(() => {
    const index = this.armed();
    return index === null ? null : (this.config.palette()[index] ?? null);
  });
  protected readonly canChoose = computed(() => this.auth.signedIn() && this.session.live());
  protected readonly pendingOverlays = computed(() =>
    this.placement.pending().map((p) => ({ x: p.x, y: p.y, color: this.config.palette()[p.color] ?? '#000' })),
  );
  private readonly coarse = this.window?.matchMedia?.('(pointer: coarse)').matches ?? false;
  protected readonly minPlaceScale = computed(() => (this.coarse ? MIN_PLACE_SCALE_TOUCH : MIN_PLACE_SCALE));

  constructor() {
    const target = ViewLink.parse(this.window?.location.search ?? '');
    if (target) this.viewport.openAt(target);
    // Guests and AFK players poll; a live socket feeds the canvas instead.
    effect((onCleanup) => {
      if (this.session.live()) this.poller.stop();
      else this.poller.start();
      onCleanup(() => this.poller.stop());
    });
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      // On narrow screens the sheet spans the width: keep targets above it.
      const sheet = this.sheet().nativeElement;
      const observer = new ResizeObserver(() => {
        const host = sheet.parentElement?.getBoundingClientRect();
        const rect = sheet.getBoundingClientRect();
        const spans = host ? rect.width > host.width * 0.6 : false;
        this.viewport.setBottomInset(spans && host ? host.bottom - rect.top : 0);
      });
      observer.observe(sheet);
      destroyRef.onDestroy(() => observer.disconnect());
    });
  }

  protected onPick(pick: CanvasPick): void {
    this.viewport.selected.set(pick.pixel);
    const color = this.armed();
    if (color === null || this.session.phase() !== 'playing') return;
    if (pick.via === 'mouse' && this.viewport.zoom() >= MIN_PLACE_SCALE) {
      // With a mouse a click on a clearly targetable pixel places at once.
      if (this.placement.waitMs(Date.now()) === 0) void this.placement.place(pick.pixel.x, pick.pixel.y, color);
    } else if (this.viewport.zoom() < this.minPlaceScale()) {
      this.zoomToSelection();
    }
  }

  protected placeSelected(): void {
    const pixel = this.viewport.selected();
    const color = this.armed();
    if (pixel && color !== null) void this.placement.place(pixel.x, pixel.y, color);
  }

  protected zoomToSelection(): void {
    const pixel = this.viewport.selected();
    if (pixel) this.viewport.focus(pixel, this.minPlaceScale() * 2);
  }

  protected async share(): Promise<void> {
    const url = this.link.url();
    const nav = this.window?.navigator;
    try {
      if (nav?.share && this.coarse) {
        await nav.share({ title: this.t('app.name'), url });
      } else {
        await nav?.clipboard.writeText(url);
        this.toasts.show(this.t('play.linkCopied'), 'success');
      }
    } catch (error) {
      if ((error as Error)?.name !== 'AbortError') this.toasts.show(url, 'info');
    }
  }
}
