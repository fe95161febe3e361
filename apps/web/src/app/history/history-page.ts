import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { RouterLink } from '@angular/router';
import { HistoryEntry } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';

type Load = { state: 'loading' } | { state: 'done'; entries: HistoryEntry[] } | { state: 'offline' };

function isEntry(value: unknown): value is HistoryEntry {
  const e = value as HistoryEntry;
  return typeof e === 'object' && e !== null && typeof e.url === 'string' && typeof e.takenAt === 'number';
}

/** `GET /api/history`: the canvas over time, newest first. */
@Component({
  selector: 'pw-history-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink],
  host: { class: 'page page--wide' },
  template: `
    <h1 class="page__title">History</h1>
    <p class="page__lead">Snapshots of the canvas taken during the games.</p>
    @switch (load().state) {
      @case ('loading') {
        <p class="muted" role="status"><span class="spinner" aria-hidden="true"></span> Loading…</p>
      }
      @case ('offline') {
        <div class="empty">
          <p>History needs a connection.</p>
          <button type="button" class="button" (click)="fetch()">Try again</button>
        </div>
      }
      @case ('done') {
        @if (entries().length === 0) {
          <div class="empty" data-testid="history-empty">
            <p>No snapshots yet. They appear here as the game goes on.</p>
            <a routerLink="/" class="button button--primary">Go paint something</a>
          </div>
        } @else {
          <ul class="gallery">
            @for (entry of entries(); track entry.id) {
              <li class="gallery__item">
                <a class="gallery__link" [href]="entry.url" target="_blank" rel="noopener">
                  <img class="gallery__image" [src]="entry.url" loading="lazy" decoding="async" [alt]="'Canvas of game ' + entry.game + ' at version ' + entry.version" />
                </a>
                <p class="gallery__caption">
                  Game {{ entry.game }} · v{{ entry.version }}<br />
                  <time [attr.datetime]="entry.takenAt | date: 'yyyy-MM-ddTHH:mm:ss'">{{ entry.takenAt | date: 'medium' }}</time>
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
  protected readonly load = signal<Load>({ state: 'loading' });

  constructor() {
    void this.fetch();
  }

  protected entries(): HistoryEntry[] {
    const l = this.load();
    return l.state === 'done' ? l.entries : [];
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
