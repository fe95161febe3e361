import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { FeedbackRequest, FeedbackResponse } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { toApiFailure } from '../api/api-error';
import { I18n } from '../i18n/i18n';

const MESSAGE_MAX = 2000;
const CONTACT_MAX = 200;

/** `POST /api/feedback {message, contact?}` with validation and a thank-you state. */
@Component({
  selector: 'pw-feedback-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  host: { class: 'page' },
  template: `
    <article class="page__card">
      <h1 class="page__title">{{ t('feedback.title') }}</h1>
      @if (sentId()) {
        <div class="thanks" role="status" animate.enter="fade-in">
          <p class="thanks__big">{{ t('feedback.thanks') }}</p>
          <p>{{ t('feedback.received') }}</p>
          <div class="form__actions">
            <a routerLink="/" class="button button--primary">{{ t('feedback.backToCanvas') }}</a>
            <button type="button" class="button" (click)="again()">{{ t('feedback.sendAnother') }}</button>
          </div>
        </div>
      } @else {
        <p class="page__lead">{{ t('feedback.lead') }}</p>
        <form class="form" (submit)="submit($event)" novalidate>
          <label class="form__label" for="feedback-message">{{ t('feedback.message') }}</label>
          <textarea
            id="feedback-message"
            class="input input--area"
            rows="6"
            required
            [attr.maxlength]="messageMax"
            [value]="message()"
            (input)="message.set($any($event.target).value)"
            (blur)="touched.set(true)"
            [attr.aria-invalid]="showMessageError() ? true : null"
            aria-describedby="feedback-message-help feedback-message-error"
          ></textarea>
          <p id="feedback-message-help" class="form__hint form__counter" [class.form__counter--over]="tooLong()">
            {{ t('feedback.counter', { length: message().length, max: messageMax }) }}
          </p>
          <p id="feedback-message-error" class="form__error">{{ showMessageError() ? messageError() : '' }}</p>

          <label class="form__label" for="feedback-contact"
            >{{ t('feedback.contact') }} <span class="form__hint">{{ t('feedback.contactHint') }}</span></label
          >
          <input
            id="feedback-contact"
            class="input"
            autocomplete="email"
            [attr.maxlength]="contactMax"
            [value]="contact()"
            (input)="contact.set($any($event.target).value)"
            [attr.aria-invalid]="contactError() ? true : null"
            aria-describedby="feedback-contact-error"
          />
          <p id="feedback-contact-error" class="form__error">{{ contactError() }}</p>

          <div class="form__actions">
            <button type="submit" class="button button--primary" data-action="send-feedback" [disabled]="sending()">
              {{ sending() ? t('feedback.sending') : t('feedback.send') }}
            </button>
          </div>
          <p class="form__error" role="alert">{{ serverError() }}</p>
        </form>
      }
    </article>
  `,
})
export class FeedbackPage {
  private readonly http = inject(HttpClient);
  protected readonly t = inject(I18n).t;
  protected readonly messageMax = MESSAGE_MAX;
  protected readonly contactMax = CONTACT_MAX;
  protected readonly message = signal('');
  protected readonly contact = signal('');
  protected readonly touched = signal(false);
  protected readonly sending = signal(false);
  protected readonly serverError = signal('');
  protected readonly sentId = signal<string | null>(null);

  protected readonly tooLong = computed(() => this.message().length > MESSAGE_MAX);
  protected readonly messageError = computed(() => {
    if (this.message().trim().length === 0) return this.t('feedback.messageEmpty');
    if (this.tooLong()) return this.t('feedback.messageTooLong', { count: MESSAGE_MAX });
    return '';
  });
  protected readonly showMessageError = computed(() => this.touched() && this.messageError() !== '');
  protected readonly contactError = computed(() => (this.contact().length > CONTACT_MAX ? this.t('feedback.contactTooLong', { count: CONTACT_MAX }) : ''));

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    this.touched.set(true);
    if (this.messageError() || this.contactError() || this.sending()) return;
    this.sending.set(true);
    this.serverError.set('');
    const body: FeedbackRequest = { message: this.message().trim() };
    const contact = this.contact().trim();
    if (contact) body.contact = contact;
    try {
      const answer = await firstValueFrom(this.http.post<FeedbackResponse>('/api/feedback', body));
      this.sentId.set(answer.id);
    } catch (error) {
      const failure = toApiFailure(error);
      this.serverError.set(
        failure.status === 429
          ? this.t('feedback.rateLimited')
          : failure.code === 'INVALID_FEEDBACK'
            ? this.t('errors.INVALID_FEEDBACK')
            : failure.status === 0
              ? this.t('feedback.offline')
              : this.t('feedback.failed'),
      );
    } finally {
      this.sending.set(false);
    }
  }

  protected again(): void {
    this.message.set('');
    this.contact.set('');
    this.touched.set(false);
    this.sentId.set(null);
  }
}
