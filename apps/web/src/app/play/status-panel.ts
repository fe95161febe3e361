import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { ConfigStore } from '../api/config.store';
import { AuthStore } from '../auth/auth.store';
import { SignInPrompt } from '../auth/sign-in-prompt';
import { Ticker } from '../shell/ticker';
import { clockTime } from '../shell/time-format';
import { CooldownRing } from './cooldown-ring';
import { PlaySession } from './play-session';

/** What the player can do now, by phase (PROTOCOL.md 4–5); swaps are animated in place. */
@Component({
  selector: 'pw-status-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CooldownRing],
  host: { class: 'status', '[attr.data-phase]': 'view()' },
  template: `
    <div class="status__body" aria-live="polite">
      @switch (view()) {
        @case ('restoring') {
          <p class="status__line status__line--muted" animate.enter="fade-in">Checking your session…</p>
        }
        @case ('guest') {
          <div class="status__row" animate.enter="fade-in">
            <p class="status__line"><strong>Watching live.</strong> Sign in to place pixels.</p>
            <button type="button" class="button button--primary" (click)="signIn.open()">Sign in to play</button>
          </div>
        }
        @case ('idle') {
          <div class="status__row" animate.enter="fade-in">
            <p class="status__line">Ready, <strong>{{ auth.user()?.name }}</strong>?</p>
            <button type="button" class="button button--primary" data-action="play" (click)="session.play()">Play</button>
          </div>
        }
        @case ('connecting') {
          <div class="status__row" animate.enter="fade-in">
            <p class="status__line"><span class="spinner" aria-hidden="true"></span> Joining the game…</p>
            <button type="button" class="button" (click)="session.leave()">Cancel</button>
          </div>
        }
        @case ('queued') {
          <div class="status__row" animate.enter="fade-in">
            <div class="status__queue">
              <p class="status__line">
                In the queue: <strong>{{ presence().position ?? '…' }}</strong>
                @if (presence().queueLength) {
                  of {{ presence().queueLength }}
                }
              </p>
              <progress class="status__progress" [value]="queueProgress()" max="1" aria-label="Queue progress"></progress>
            </div>
            <button type="button" class="button" (click)="session.leave()">Leave</button>
          </div>
        }
        @case ('playing') {
          <div class="status__row" animate.enter="fade-in">
            <pw-cooldown-ring [remainingMs]="cooldownLeft()" [totalMs]="cooldownMs()" />
            <div class="status__text">
              <p class="status__line">
                @if (cooldownLeft() > 0) {
                  Next pixel in <strong>{{ clock(cooldownLeft()) }}</strong>
                } @else {
                  <strong>Ready to place</strong>
                }
              </p>
              @if (afkLeft() !== null) {
                <p class="status__line status__line--muted" title="Place a pixel to stay in the game">AFK in {{ clock(afkLeft()!) }}</p>
              }
            </div>
            <button type="button" class="button button--quiet" (click)="session.leave()">Leave</button>
          </div>
        }
        @case ('stalled') {
          <p class="status__line" animate.enter="fade-in"><span class="spinner" aria-hidden="true"></span> Reconnecting…</p>
        }
        @case ('afk') {
          <div class="status__row" animate.enter="fade-in">
            <p class="status__line">You went AFK. Your spot was released.</p>
            <button type="button" class="button button--primary" data-action="play" (click)="session.play()">Play again</button>
          </div>
        }
        @case ('superseded') {
          <div class="status__row" animate.enter="fade-in">
            <p class="status__line">You are playing in another tab or device.</p>
            <button type="button" class="button button--primary" data-action="play" (click)="session.play()">Play here</button>
          </div>
        }
      }
    </div>
  `,
})
export class StatusPanel {
  protected readonly auth = inject(AuthStore);
  protected readonly session = inject(PlaySession);
  protected readonly signIn = inject(SignInPrompt);
  private readonly config = inject(ConfigStore);
  private readonly now = inject(Ticker).use(250);

  protected readonly presence = this.session.presence;
  protected readonly clock = clockTime;
  protected readonly view = computed(() => {
    const state = this.auth.state();
    if (state === 'restoring') return 'restoring';
    if (state === 'signed-out') return 'guest';
    return this.session.phase();
  });
  protected readonly cooldownMs = computed(() => this.config.config()?.cooldownMs ?? 5000);
  protected readonly cooldownLeft = computed(() => Math.max(0, (this.presence().cooldownUntil ?? 0) - this.now()));
  protected readonly afkLeft = computed(() => {
    const afkAt = this.presence().afkAt;
    return afkAt === null ? null : Math.max(0, afkAt - this.now());
  });
  protected readonly queueProgress = computed(() => {
    const { position, queueLength } = this.presence();
    if (!position || !queueLength) return 0;
    return Math.max(0.02, 1 - (position - 1) / queueLength);
  });
}
