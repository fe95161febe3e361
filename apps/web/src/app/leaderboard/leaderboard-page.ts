import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { LeaderboardEntry, LeaderboardMe, LeaderboardPeriod } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { AuthStore } from '../auth/auth.store';
import { MessageKey } from '../i18n/catalogue';
import { I18n } from '../i18n/i18n';
import { BOARD_LIMIT, PERIODS, parsePeriod, readEntries, toBoard } from './leaderboard';
import { MyStanding } from './my-standing';

type Load = { state: 'loading' } | { state: 'done'; entries: LeaderboardEntry[]; me: LeaderboardMe | null } | { state: 'failed' };

const TAB_LABEL: Record<LeaderboardPeriod, MessageKey> = { hour: 'leaderboard.hour', day: 'leaderboard.day', game: 'leaderboard.game' };

/** `GET /api/leaderboard` by period (hour / day / game) with the player's own standing. */
@Component({
  selector: 'pw-leaderboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  host: { class: 'page page--wide leaderboard' },
  styleUrl: './leaderboard-page.css',
  template: `
    <h1 class="page__title">{{ t('leaderboard.title') }}</h1>
    <p class="page__lead">{{ t('leaderboard.lead') }}</p>
    <div class="leaderboard__tabs" role="tablist" [attr.aria-label]="t('leaderboard.periods')">
      @for (p of periods; track p) {
        <button type="button" role="tab" class="leaderboard__tab" [attr.data-period]="p" [attr.aria-selected]="period() === p" (click)="choose(p)">
          {{ t(tabLabel[p]) }}
        </button>
      }
    </div>
    <section role="tabpanel" [attr.aria-busy]="load().state === 'loading'">
      @switch (load().state) {
        @case ('loading') {
          <p class="muted" role="status"><span class="spinner" aria-hidden="true"></span> {{ t('leaderboard.loading') }}</p>
        }
        @case ('failed') {
          <div class="empty">
            <p>{{ t('leaderboard.failed') }}</p>
            <button type="button" class="button" (click)="reload()">{{ t('leaderboard.retry') }}</button>
          </div>
        }
        @case ('done') {
          @if (board().rows.length === 0) {
            <div class="empty" data-testid="leaderboard-empty">
              <p>{{ t('leaderboard.empty') }}</p>
              <a routerLink="/" class="button button--primary">{{ t('leaderboard.goPaint') }}</a>
            </div>
          } @else {
            <table class="leaderboard__table" data-testid="leaderboard">
              <thead>
                <tr>
                  <th scope="col">{{ t('leaderboard.rank') }}</th>
                  <th scope="col">{{ t('leaderboard.player') }}</th>
                  <th scope="col" class="leaderboard__pixels">{{ t('leaderboard.pixels') }}</th>
                </tr>
              </thead>
              <tbody>
                @for (row of board().rows; track row.user.id) {
                  <tr [class.leaderboard__row--mine]="row.mine" [attr.data-mine]="row.mine || null" [attr.aria-current]="row.mine ? 'true' : null">
                    <td class="leaderboard__rank">{{ row.rank }}</td>
                    <td class="leaderboard__name">{{ row.user.name }}</td>
                    <td class="leaderboard__pixels">{{ i18n.number(row.pixels) }}</td>
                  </tr>
                }
              </tbody>
            </table>
          }
          @if (board().own; as own) {
            <p class="leaderboard__own" data-testid="own-standing">{{ standing(own) }}</p>
          }
        }
      }
    </section>
  `,
})
export class LeaderboardPage {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthStore);
  private readonly standingClient = inject(MyStanding);
  private readonly router = inject(Router);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly periods = PERIODS;
  protected readonly tabLabel = TAB_LABEL;
  protected readonly period = signal<LeaderboardPeriod>(parsePeriod(inject(ActivatedRoute).snapshot.queryParamMap.get('period')));
  protected readonly load = signal<Load>({ state: 'loading' });
  private readonly attempt = signal(0);
  private request = 0;

  protected readonly board = computed(() => {
    const load = this.load();
    return load.state === 'done' ? toBoard(load.entries, load.me, this.auth.user()?.id ?? null) : { rows: [], own: null };
  });

  constructor() {
    effect(() => {
      const period = this.period();
      const signedIn = this.auth.signedIn();
      this.attempt();
      untracked(() => void this.fetch(period, signedIn));
    });
  }

  protected choose(period: LeaderboardPeriod): void {
    this.period.set(period);
    void this.router.navigate([], { queryParams: { period }, replaceUrl: true });
  }

  protected reload(): void {
    this.attempt.update((n) => n + 1);
  }

  protected standing(own: LeaderboardMe): string {
    return own.rank === null ? this.t('leaderboard.ownUnranked') : this.t('leaderboard.own', { rank: own.rank, count: own.pixels });
  }

  private async fetch(period: LeaderboardPeriod, signedIn: boolean): Promise<void> {
    const request = ++this.request;
    this.load.set({ state: 'loading' });
    try {
      const [entries, me] = await Promise.all([
        firstValueFrom(this.http.get<unknown>('/api/leaderboard', { params: { period, limit: BOARD_LIMIT } })).then(readEntries),
        signedIn ? this.standingClient.load(period) : Promise.resolve(null),
      ]);
      if (request === this.request) this.load.set({ state: 'done', entries, me });
    } catch {
      if (request === this.request) this.load.set({ state: 'failed' });
    }
  }
}
