import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { LOCALES, LOCALE_CODES, isLocale } from '@pixel-wars/protocol';
import { I18n } from './i18n';
import { LocalePreference } from './locale-preference';

/** The language switch: each language under its own name. */
@Component({
  selector: 'pw-language-switch',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'language-switch' },
  template: `
    <label class="language-switch__label">
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18ZM3 12h18M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9c-2.5-2.5-3.5-5.5-3.5-9s1-6.5 3.5-9Z" />
      </svg>
      <span class="visually-hidden">{{ i18n.t('language.label') }}</span>
      <select class="language-switch__select" data-action="language" [value]="i18n.locale()" (change)="choose($event)">
        @for (code of codes; track code) {
          <option [value]="code" [attr.lang]="code" [selected]="code === i18n.locale()">{{ names[code] }}</option>
        }
      </select>
    </label>
  `,
})
export class LanguageSwitch {
  protected readonly i18n = inject(I18n);
  private readonly preference = inject(LocalePreference);
  protected readonly codes = LOCALE_CODES;
  protected readonly names = LOCALES;

  protected choose(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (isLocale(value)) void this.preference.choose(value);
  }
}
