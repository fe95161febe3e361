import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { ConfigStore } from '../api/config.store';
import { AuthStore } from '../auth/auth.store';
import { SignInPrompt } from '../auth/sign-in-prompt';
import { MessageKey } from '../i18n/catalogue';
import { ReadyNotifier } from '../notify/ready-notifier';
import { I18n } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/language-switch';
import { Ticker } from '../shell/ticker';
import { clockTime } from '../shell/time-format';
import { chargeView } from './charges';
import { CooldownRing } from './cooldown-ring';
import { ConnectionProblem } from './handshake-probe';
import { PlaySession } from './play-session';

const PROBLEM_TEXT: Record<ConnectionProblem, MessageKey> = {
  unauthorized: 'connection.unauthorized',
  banned: 'connection.banned',
  refused: 'connection.refused',
  'rate-limited': 'connection.rateLimited',
  unreachable: 'connection.unreachable',
  failed: 'connection.failed',
};

/** What the player can do now, by phase (docs/protocol.md 4–5); swaps are animated in place. */
@Component({
  selector: 'pw-status-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CooldownRing, LanguageSwitch],
  host: { class: 'status', '[attr.data-phase]': 'view()' },
  template: `
    <div class="status__body" aria-live="polite">
      @switch (view()) {
        @case ('restoring') {
          <p class="status__line status__line--muted" animate.enter="fade-in">{{ t('status.restoring') }}</p>
        }
        @case ('guest') {
          <div class="status__row" animate.enter="fade-in">
            <p class="status__line">
              <strong>{{ t('status.guestLead') }}</strong> {{ t('status.guestText') }}
            </p>
            <div class="status__actions">
              <pw-language-switch />
              <button type="button" class="button button--primary" data-action="sign-in" (click)="signIn.open()">{{ t('status.signInToPlay') }}</button>
            </div>
          </div>
        }
        @case ('idle') {
          <div class="status__row" animate.enter="fade-in">
            <p class="status__line">
              {{ ready().before }}<strong>{{ ready().value }}</strong
              >{{ ready().after }}
            </p>
            <button type="button" class="button button--primary" data-action="play" (click)="session.play()">{{ t('status.play') }}</button>
          </div>
        }
        @case ('connecting') {
          <div class="status__row" animate.enter="fade-in">
            <p class="status__line"><span class="spinner" aria-hidden="true"></span> {{ t('status.joining') }}</p>
            <button type="button" class="button" data-action="cancel" (click)="session.leave()">{{ t('status.cancel') }}</button>
          </div>
        }
        @case ('failed') {
          <div class="status__row" animate.enter="fade-in">
            <p class="status__line status__line--problem" role="alert" data-testid="connection-problem" [attr.data-problem]="session.problem()">
              {{ problemText() }}
            </p>
            @if (session.problem() === 'unauthorized') {
              <button type="button" class="button button--primary" data-action="sign-in" (click)="signIn.open()">{{ t('connection.signIn') }}</button>
            } @else {
              <button type="button" class="button button--primary" data-action="retry" (click)="session.play()">{{ t('connection.retry') }}</button>
            }
          </div>
        }
        @case ('queued') {
          <div class="status__row" animate.enter="fade-in">
            <div class="status__queue">
              <p class="status__line">
                {{ queueLine().before }}<strong>{{ queueLine().value }}</strong
                >{{ queueLine().after }}
              </p>
              <progress class="status__progress" [value]="queueProgress()" max="1" [attr.aria-label]="t('status.queueProgress')"></progress>
            </div>
            <button type="button" class="button" data-action="leave" (click)="session.leave()">{{ t('status.leaveQueue') }}</button>
          </div>
        }
        @case ('playing') {
          <div class="status__row" animate.enter="fade-in">
            <pw-cooldown-ring [remainingMs]="charge().untilNext" [totalMs]="cooldownMs()" [charges]="badgeCharges()" />
            <div class="status__text">
              <p class="status__line" data-testid="charge-line">
                @if (!charge().ready) {
                  {{ nextPixel().before }}<strong>{{ nextPixel().value }}</strong
                  >{{ nextPixel().after }}
                } @else if (charge().charges !== null && charge().untilNext > 0) {
                  <strong>{{ t('status.charges', { count: charge().charges! }) }}</strong> · {{ t('status.nextCharge', { time: clock(charge().untilNext) }) }}
                } @else {
                  <strong>{{ t('status.readyToPlace') }}</strong>
                }
              </p>
              @if (afkLeft() !== null) {
                <p class="status__line status__line--muted" [attr.title]="t('status.afkHint')">{{ t('status.afkIn', { time: clock(afkLeft()!) }) }}</p>
              }
            </div>
            @if (notifier.offered()) {
              <button
                type="button"
                class="icon-button icon-button--flat"
                data-action="ready-notify"
                [class.icon-button--on]="notifier.enabled()"
                [attr.aria-pressed]="notifier.enabled()"
                [attr.aria-label]="notifier.enabled() ? t('notify.turnOff') : t('notify.turnOn')"
                [attr.title]="notifier.enabled() ? t('notify.turnOff') : t('notify.turnOn')"
                (click)="notifier.toggle()"
              >
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0" /></svg>
              </button>
            }
            <button type="button" class="button button--quiet" data-action="leave" (click)="session.leave()">{{ t('status.leaveGame') }}</button>
          </div>
        }
        @case ('stalled') {
          <div class="status__text" animate.enter="fade-in">
            <p class="status__line"><span class="spinner" aria-hidden="true"></span> {{ t('status.reconnecting') }}</p>
            @if (session.problem()) {
              <p class="status__line status__line--muted" data-testid="connection-problem" [attr.data-problem]="session.problem()">{{ problemText() }}</p>
            }
          </div>
        }
        @case ('afk') {
          <div class="status__row" animate.enter="fade-in">
            <p class="status__line">{{ t('status.afk') }}</p>
            <button type="button" class="button button--primary" data-action="play" (click)="session.play()">{{ t('status.playAgain') }}</button>
          </div>
        }
        @case ('superseded') {
          <div class="status__row" animate.enter="fade-in">
            <p class="status__line">{{ t('status.superseded') }}</p>
            <button type="button" class="button button--primary" data-action="play" (click)="session.play()">{{ t('status.playHere') }}</button>
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
  protected readonly notifier = inject(ReadyNotifier);
  private readonly config = inject(ConfigStore);
  private readonly i18n = inject(I18n);
  private readonly now = inject(Ticker).use(250);
  protected readonly t = this.i18n.t;

  protected readonly presence = this.session.presence;
  protected readonly clock = clockTime;
  protected readonly view = computed(() => {
    const state = this.auth.state();
    if (state === 'restoring') return 'restoring';
    // A refused join is explained even after the session it ended (then signed out).
    if (this.session.phase() === 'failed') return 'failed';
    if (state === 'signed-out') return 'guest';
    return this.session.phase();
  });
  protected readonly problemText = computed(() => {
    const problem = this.session.problem();
    return problem ? this.t(PROBLEM_TEXT[problem]) : '';
  });
  protected readonly ready = computed(() => this.i18n.parts('status.ready', 'name', { name: this.auth.user()?.name ?? '' }));
  protected readonly queueLine = computed(() => {
    const { position, queueLength } = this.presence();
    const shown = position ?? '…';
    return queueLength
      ? this.i18n.parts('status.queueOf', 'position', { position: shown, total: queueLength })
      : this.i18n.parts('status.queue', 'position', { position: shown });
  });
  protected readonly nextPixel = computed(() => this.i18n.parts('status.nextPixel', 'time', { time: clockTime(this.charge().waitMs) }));
  protected readonly cooldownMs = computed(() => this.config.config()?.cooldownMs ?? 5000);
  protected readonly charge = computed(() => chargeView(this.presence(), this.now()));
  /** The badge only when a player can hold several charges: one is the classic cooldown (the server still counts it). */
  protected readonly badgeCharges = computed(() => (this.config.config()?.pixelCharges === 1 ? null : this.charge().charges));
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
