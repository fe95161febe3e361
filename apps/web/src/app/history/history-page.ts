import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { HistoryEntry } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { I18n } from '../i18n/i18n';

type Load = { state: 'loading' } | { state: 'done'; entries: HistoryEntry[] } | { state: 'offline' };

function isEntry(value: unknown): value is HistoryEntry {
  const e = value as HistoryEntry;
  return typeof e === 'object' && e !== null && typeof e.url === 'string' && typeof e.takenAt === 'number';
}

/** `GET /api/history`: the canvas over time, newest first. */
@Component({
  selector: 'pw-history-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  host: { class: 'page page--wide' },
  template: `
    <h1 class="page__title">{{ t('history.title') }}</h1>
    <p class="page__lead">{{ t('history.lead') }}</p>
    @switch (load().state) {
      @case ('loading') {
        <p class="muted" role="status"><span class="spinner" aria-hidden="true"></span> {{ t('history.loading') }}</p>
      }
      @case ('offline') {
        <div class="empty">
          <p>{{ t('history.offline') }}</p>
          <button type="button" class="button" (click)="fetch()">{{ t('history.retry') }}</button>
        </div>
      }
      @case ('done') {
        @if (entries().length === 0) {
          <div class="empty" data-testid="history-empty">
            <p>{{ t('history.empty') }}</p>
            <a routerLink="/" class="button button--primary">{{ t('history.goPaint') }}</a>
          </div>
        } @else {
          <ul class="gallery">
            @for (entry of entries(); track entry.id) {
              <li class="gallery__item">
                <a class="gallery__link" [href]="entry.url" target="_blank" rel="noopener">
                  <img
                    class="gallery__image"
                    [src]="entry.url"
                    loading="lazy"
                    decoding="async"
                    [alt]="t('history.imageAlt', { game: entry.game, version: entry.version })"
                  />
                </a>
                <p class="gallery__caption">
                  {{ t('history.caption', { game: entry.game, version: entry.version }) }}<br />
                  <time [attr.datetime]="isoTime(entry.takenAt)">{{ i18n.dateTime(entry.takenAt) }}</time>
                </p>
              </li>
            }
          </ul>
        }
      }
    }
  `,
})
export class HistoryPage {
  private readonly http = inject(HttpClient);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly load = signal<Load>({ state: 'loading' });

  constructor() {
    void this.fetch();
  }

  protected entries(): HistoryEntry[] {
    const l = this.load();
    return l.state === 'done' ? l.entries : [];
  }

  protected isoTime(epochMs: number): string {
    return new Date(epochMs).toISOString();
  }

  protected async fetch(): Promise<void> {
    this.load.set({ state: 'loading' });
    try {
      const body = await firstValueFrom(this.http.get<unknown>('/api/history'));
      this.load.set({ state: 'done', entries: Array.isArray(body) ? body.filter(isEntry) : [] });
    } catch (error) {
      // A server without history (404) simply has none to show.
      this.load.set((error as { status?: number }).status === 0 ? { state: 'offline' } : { state: 'done', entries: [] });
    }
  }
}
