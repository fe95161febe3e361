import { ChangeDetectionStrategy, Component, computed, effect, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import { map } from 'rxjs';
import { Point } from '../canvas/view-transform';
import { PlayPage } from '../play/play-page';
import { TemplateCreate } from './template-create';
import { TemplateHandle } from './template-handle';
import { TemplateLayer } from './template-layer';
import { TemplatePanel } from './template-panel';
import { TemplateSession } from './template-session';

/**
 * `/t/<id>`: the play screen with a template overlaid and its panel; `/t`: the same screen
 * while a new template is made. Lazy-loaded: none of this is in the initial bundle.
 */
@Component({
  selector: 'pw-templates-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [TemplateSession],
  imports: [PlayPage, TemplateLayer, TemplateHandle, TemplatePanel, TemplateCreate],
  host: { class: 'templates-page', '[class.templates-page--creating]': 'creating()' },
  template: `
    <pw-play-page [(armed)]="session.armed">
      <pw-template-layer canvasLayer [template]="session.shown()" [opacity]="session.opacity()" [symbols]="session.symbols()" [framed]="creating()" />
      @if (session.draft(); as draft) {
        <pw-template-handle canvasLayer [placement]="placement()!" (moved)="move($event)" />
      }
      @if (creating()) {
        <pw-template-create />
      } @else {
        <pw-template-panel />
      }
    </pw-play-page>
  `,
})
export class TemplatesPage {
  protected readonly session = inject(TemplateSession);
  private readonly id = toSignal(inject(ActivatedRoute).paramMap.pipe(map((params) => params.get('id'))), { initialValue: null });
  protected readonly creating = computed(() => this.id() === null);
  protected readonly placement = computed(() => {
    const draft = this.session.draft();
    return draft ? { x: draft.x, y: draft.y, width: draft.image.width, height: draft.image.height } : null;
  });

  constructor() {
    effect(() => this.session.id.set(this.id()));
  }

  protected move(at: Point): void {
    const draft = this.session.draft();
    if (draft && (draft.x !== at.x || draft.y !== at.y)) this.session.draft.set({ ...draft, ...at });
  }
}

/**
 * The route's loader: the feature's stylesheet (a separate, non-injected bundle, so the
 * initial styles do not grow and no inline styles are needed) is linked before the page shows.
 */
export function loadTemplatesPage(): Promise<typeof TemplatesPage> {
  const href = 'templates.css';
  if (document.querySelector(`link[data-feature="templates"]`)) return Promise.resolve(TemplatesPage);
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.dataset['feature'] = 'templates';
  return new Promise((resolve) => {
    // A missing stylesheet (offline, first visit) must not keep the page from opening.
    link.onload = link.onerror = () => resolve(TemplatesPage);
    document.head.appendChild(link);
  });
}
